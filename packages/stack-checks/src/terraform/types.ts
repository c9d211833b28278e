/**
 * Shared types of the Terraform checks. Parsed HCL is kept in the JSON form that `hcl2json`
 * produces: attributes are plain values, expressions are strings such as `"${var.x}"`, and every
 * block is an array of bodies (one entry per occurrence).
 */

/**
 * A value in the JSON form of HCL.
 *
 * @public
 */
export type HclJsonValue =
  | string
  | number
  | boolean
  | null
  | HclJsonValue[]
  | { [key: string]: HclJsonValue };

/**
 * A block body: attributes and nested blocks by name.
 *
 * @public
 */
export type HclJsonBody = { [key: string]: HclJsonValue };

/**
 * A `resource` or `data` block.
 *
 * @public
 */
export interface ParsedResource {
  /** File the block was read from (the key given to `parseTerraformFiles`). */
  file: string;
  type: string;
  name: string;
  /** `aws_s3_bucket.this` or `data.aws_iam_policy_document.this`. */
  address: string;
  body: HclJsonBody;
}

/**
 * A named top-level block: `module`, `variable`, `output` or `provider`.
 *
 * @public
 */
export interface ParsedNamedBlock {
  file: string;
  name: string;
  body: HclJsonBody;
}

/**
 * The `terraform` block of one file.
 *
 * @public
 */
export interface ParsedTerraformSettings {
  file: string;
  /** Backend type and settings, when the block declares a backend. */
  backend?: { type: string; body: HclJsonBody };
  /** `required_providers` entries by local name. */
  requiredProviders: Record<string, HclJsonValue>;
  requiredVersion?: string;
  body: HclJsonBody;
}

/**
 * Terraform files parsed into lists of blocks, each remembering its file.
 *
 * @public
 */
export interface ParsedTerraform {
  files: string[];
  resources: ParsedResource[];
  dataSources: ParsedResource[];
  modules: ParsedNamedBlock[];
  variables: ParsedNamedBlock[];
  outputs: ParsedNamedBlock[];
  providers: ParsedNamedBlock[];
  /** Entries of `locals` blocks, by name. */
  locals: ParsedNamedBlock[];
  terraform: ParsedTerraformSettings[];
}

/**
 * Attribute of a provider schema block (`terraform providers schema -json` format).
 *
 * @public
 */
export interface SchemaAttribute {
  type?: unknown;
  nested_type?: {
    attributes: Record<string, SchemaAttribute>;
    nesting_mode: string;
  };
  required?: boolean | null;
  optional?: boolean | null;
  computed?: boolean | null;
  deprecated?: boolean | null;
  sensitive?: boolean | null;
}

/**
 * A block of a provider schema.
 *
 * @public
 */
export interface SchemaBlock {
  attributes?: Record<string, SchemaAttribute>;
  block_types?: Record<string, SchemaBlockType>;
  deprecated?: boolean | null;
}

/**
 * A nested block type of a provider schema.
 *
 * @public
 */
export interface SchemaBlockType {
  nesting_mode: 'single' | 'group' | 'list' | 'set' | 'map';
  block: SchemaBlock;
  min_items?: number | null;
  max_items?: number | null;
}

/**
 * The schema of one provider, as read from a `*.schema.json` file.
 *
 * @public
 */
export interface ProviderSchema {
  /** Local provider name, the prefix of its resource types: `aws`, `google`, `azurerm`. */
  name: string;
  /** Registry address, e.g. `registry.terraform.io/hashicorp/google`. */
  source: string;
  provider?: { block: SchemaBlock };
  resourceSchemas: Record<string, { block: SchemaBlock }>;
  dataSourceSchemas: Record<string, { block: SchemaBlock }>;
}

/**
 * The kinds of problem the offline schema check reports.
 *
 * @public
 */
export type SchemaRule =
  | 'unknown-resource-type'
  | 'unknown-argument'
  | 'missing-required-argument'
  | 'computed-only-argument'
  | 'attribute-as-block'
  | 'block-as-attribute'
  | 'too-many-blocks'
  | 'too-few-blocks'
  | 'deprecated-argument'
  | 'unknown-provider'
  | 'remote-module-source'
  | 'unknown-module-source'
  | 'unknown-module-output'
  | 'undeclared-reference';

/**
 * One finding of the offline schema check or of the module wiring check.
 *
 * @public
 */
export interface SchemaProblem {
  rule: SchemaRule;
  file: string;
  /** `google_container_cluster.this`, `data.azurerm_client_config.current` or `provider.azurerm`. */
  address: string;
  /** Dotted path inside the block, e.g. `node_config[0].shielded_instance_config`; empty for the block itself. */
  path: string;
  message: string;
}

/**
 * The clouds the rule set covers.
 *
 * @public
 */
export type RuleCloud = 'aws' | 'gcp' | 'azure';

/**
 * A security rule over parsed Terraform, modelled on a Checkov check.
 *
 * @public
 */
export interface TerraformRule {
  /** Checkov ID, e.g. `CKV_AWS_39`. */
  id: string;
  title: string;
  cloud: RuleCloud;
  /** The rule runs once per resource of these types, so it only applies where they exist. */
  resourceTypes: readonly string[];
  /** Returns why the resource fails the rule, or `undefined` when it passes. */
  check(options: {
    resource: ParsedResource;
    parsed: ParsedTerraform;
  }): string | undefined;
}

/**
 * One failure of a security rule.
 *
 * @public
 */
export interface RuleViolation {
  ruleId: string;
  title: string;
  cloud: RuleCloud;
  file: string;
  address: string;
  message: string;
}
