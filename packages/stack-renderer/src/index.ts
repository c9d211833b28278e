/**
 * Renders a Skyforge StackSpec into Terraform, Kustomize, CI workflows and catalog entities.
 * Browser-safe: nothing exported here touches the file system. Three more entry points, each
 * deliberate: `./cost` (the estimate and COST.md), `./spec` (the StackSpec's vocabulary: clouds,
 * regions, sizes, environments, versions) and `./cli` (Node only; the policy checks live in the
 * Node-only `@skyforge/stack-checks`).
 *
 * @packageDocumentation
 */
export { renderStack } from './renderStack';
export type { FileTree, RenderResult } from './types';
export { RENDERER_VERSION, rendererVersionStatus } from './version';
export {
  parseStackSpec,
  StackSpecError,
  stackSpecSchema,
  validateStackSpec,
} from './spec/stackSpec';
export type {
  StackSpec,
  StackSpecInput,
  StackSpecIssue,
} from './spec/stackSpec';
export { stackSpecFromFields } from './spec/stackSpecFromFields';
export type { StackFieldIssue, StackFields } from './spec/stackSpecFromFields';
export { catalogEntityRefs } from './repository/catalogEntityRefs';
export {
  readRenderRecord,
  renderRenderRecord,
  RENDER_RECORD_PATH,
  SKYFORGE_YAML_PATH,
} from './repository/renderRecord';
export type { RenderRecord } from './repository/renderRecord';
export {
  describeStackUpdateConflict,
  planStackUpdate,
} from './repository/planStackUpdate';
export type {
  StackUpdateConflict,
  StackUpdateConflictReason,
  StackUpdatePlan,
} from './repository/planStackUpdate';
export {
  readSkyforgeYaml,
  readStackDocument,
} from './repository/readSkyforgeYaml';
export {
  destroyConfirmation,
  DESTROY_WORKFLOW_PATH,
} from './repository/renderDestroyWorkflow';
