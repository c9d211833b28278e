/**
 * The monthly cost estimate of a StackSpec at list prices, and `COST.md`, which renders it.
 * Browser-safe (the Create wizard's live preview prices the form with it).
 *
 * @packageDocumentation
 */
export { estimateCost } from './estimateCost';
export { renderCostMarkdown } from './renderCostMarkdown';
export { formatUsd } from './formatUsd';
export { COST_FILE_PATH, renderCostFile } from '../repository/renderCostFile';
export type {
  BudgetComparison,
  BudgetCurrency,
  CloudEnvironmentTotal,
  CloudTotal,
  CostCategory,
  CostEstimate,
  CostLineItem,
  EnvironmentTotal,
  GpuAtFullScale,
} from './types';
// What the estimate's signatures name, so this entry point stands on its own (the same
// declarations as the main and `./spec` entry points export).
export { stackSpecSchema } from '../spec/stackSpec';
export type { StackSpec } from '../spec/stackSpec';
export { CLOUDS } from '../spec/regions';
export type { Cloud } from '../spec/regions';
export { ENVIRONMENTS } from '../spec/profiles';
export type { Environment } from '../spec/profiles';
export type { FileTree } from '../types';
