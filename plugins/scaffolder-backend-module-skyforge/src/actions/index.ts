export { createRenderStackAction } from './createRenderStackAction';
export { createEstimateStackAction } from './createEstimateStackAction';
