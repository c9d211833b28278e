/**
 * The policy checks of a rendered Skyforge repository: Terraform against the pinned provider
 * schemas and module wiring, the security rule set, and the manifest checks of every Kustomize
 * overlay. Node-only (reads files, runs `kubectl kustomize`); the `skyforge check` command of
 * `@skyforge/stack-renderer` and the `skyforge:stack:render` action run it.
 *
 * @packageDocumentation
 */
export { checkRepository, formatFinding } from './checkRepository';
export type { CheckFamily, CheckFinding, CheckReport } from './types';
export { checkRenderedTerraform } from './terraform/checkRenderedTerraform';
export { TERRAFORM_RULES } from './terraform/rules/terraformRules';
export { directoryOf } from './terraform/checkModuleWiring';
export { parseTerraformFiles } from './terraform/parseTerraformFiles';
export { loadProviderSchema } from './terraform/loadProviderSchema';
export type {
  HclJsonBody,
  HclJsonValue,
  ParsedNamedBlock,
  ParsedResource,
  ParsedTerraform,
  ParsedTerraformSettings,
  ProviderSchema,
  RuleCloud,
  RuleViolation,
  SchemaAttribute,
  SchemaBlock,
  SchemaBlockType,
  SchemaProblem,
  SchemaRule,
  TerraformRule,
} from './terraform/types';
export { buildOverlay } from './manifests/buildOverlay';
export { runManifestChecks } from './manifests/runManifestChecks';
export type { ManifestProblem } from './manifests/runManifestChecks';
export { field, isKubernetesObject } from './manifests/kubernetesObjects';
export type { KubernetesObject } from './manifests/kubernetesObjects';
