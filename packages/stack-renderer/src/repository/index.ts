/**
 * A repository Skyforge already rendered, read back: its `skyforge.yaml` and render record, the
 * plan that updates it to this renderer's output without overwriting what its team edited, and
 * the confirmation its destroy workflow asks for. The upgrade and teardown actions use it.
 *
 * @packageDocumentation
 */
export {
  readRenderRecord,
  renderRenderRecord,
  RENDER_RECORD_PATH,
  SKYFORGE_YAML_PATH,
} from './renderRecord';
export type { RenderRecord } from './renderRecord';
export {
  describeStackUpdateConflict,
  planStackUpdate,
} from './planStackUpdate';
export type {
  StackUpdateConflict,
  StackUpdateConflictReason,
  StackUpdatePlan,
} from './planStackUpdate';
export { readSkyforgeYaml, readStackDocument } from './readSkyforgeYaml';
export {
  destroyConfirmation,
  DESTROY_WORKFLOW_PATH,
} from './renderDestroyWorkflow';
// What the signatures above name, so this entry point stands on its own (the same declarations
// as the main entry point exports).
export { stackSpecSchema } from '../spec/stackSpec';
export type { StackSpec } from '../spec/stackSpec';
export type { FileTree } from '../types';
