/**
 * Renders a Skyforge StackSpec into Terraform, Kustomize, CI workflows and catalog entities, and
 * estimates its monthly cost. Browser-safe: nothing exported here touches the file system (the
 * CLI is the `./cli` entry; the policy checks live in the Node-only `@skyforge/stack-checks`).
 *
 * @packageDocumentation
 */
export { renderStack } from './renderStack';
export type { FileTree, RenderResult } from './types';
export { RENDERER_VERSION, rendererVersionStatus } from './version';
export {
  defaultKubernetesVersion,
  KUBERNETES_VERSIONS,
} from './spec/kubernetesVersions';
export {
  CURRENCIES,
  parseStackSpec,
  SPOT_POLICIES,
  STACK_API_VERSION,
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
export { CLOUD_NAMES, CLOUDS, REGIONS } from './spec/regions';
export type { Cloud } from './spec/regions';
export { SIZES } from './spec/presets';
export type { Size } from './spec/presets';
export { ENVIRONMENTS } from './spec/profiles';
export type { Environment } from './spec/profiles';
export { catalogEntityRefs } from './repository/catalogEntityRefs';
export { ANNOTATIONS } from './repository/catalogEntities';
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
export { COST_FILE_PATH, renderCostFile } from './repository/renderCostFile';
export { estimateCost } from './cost/estimateCost';
export { renderCostMarkdown } from './cost/renderCostMarkdown';
export { formatUsd } from './cost/formatUsd';
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
} from './cost/types';
