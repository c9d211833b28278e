export { createRenderStackAction } from './createRenderStackAction';
export {
  createEstimateStackAction,
  COST_FILE_NAME,
} from './createEstimateStackAction';
export {
  createUpgradeStackAction,
  DEFAULT_UPGRADE_BRANCH,
} from './createUpgradeStackAction';
export { createTeardownStackAction } from './createTeardownStackAction';
export { stackInputSchema } from './stackInputSchema';
export type { StackInput } from './stackInputSchema';
export type { EstimateSummary } from './summarizeEstimate';
