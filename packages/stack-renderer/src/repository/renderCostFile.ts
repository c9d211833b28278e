import { estimateCost } from '../cost/estimateCost';
import { renderCostMarkdown } from '../cost/renderCostMarkdown';
import type { StackSpec } from '../spec/stackSpec';
import type { FileTree } from '../types';

/**
 * Where a rendered repository keeps its cost estimate.
 *
 * @public
 */
export const COST_FILE_PATH = 'COST.md';

/**
 * `COST.md`, the estimate at list prices. Not part of `renderStack`'s tree (the Create
 * wizard writes it in its own estimate step), but every later render of a repository writes it
 * again so that it follows the spec and the price table; the render record does not track it.
 *
 * @public
 */
export function renderCostFile(spec: StackSpec): FileTree {
  return { [COST_FILE_PATH]: renderCostMarkdown(estimateCost(spec), spec) };
}
