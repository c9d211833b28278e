/**
 * Scaffolder actions that render a Skyforge stack, estimate its monthly cost and open upgrade
 * pull requests.
 *
 * @packageDocumentation
 */
export { scaffolderModuleSkyforge as default } from './module';
export { createEstimateStackAction, createRenderStackAction } from './actions';
