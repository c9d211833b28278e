/**
 * Scaffolder actions that render a Skyforge stack and estimate its monthly cost.
 *
 * @packageDocumentation
 */
export { scaffolderModuleSkyforge as default } from './module';
export { createEstimateStackAction, createRenderStackAction } from './actions';
