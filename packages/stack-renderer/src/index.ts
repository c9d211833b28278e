/**
 * Renders a Skyforge StackSpec into Terraform, Kustomize, CI workflows and catalog entities.
 * Browser-safe: nothing exported here touches the file system. Four more entry points, each
 * deliberate: `./cost` (the estimate and COST.md), `./spec` (the StackSpec's vocabulary: clouds,
 * regions, sizes, environments, versions), `./repository` (a rendered repository read
 * back: its record, update plans, the destroy confirmation) and `./cli` (Node only; the policy
 * checks live in the Node-only `@skyforge/stack-checks`).
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
