import type { ParsedResource, SchemaProblem } from './types';

/**
 * The offline check of `azapi` (Azure/azapi 2.x) blocks. No azapi schema is vendored, and none
 * would help much: `azapi_resource` is generic, its `body` is typed by the ARM API version named
 * in `type`, not by the provider. So this checks what the provider does type: the resource
 * types the renderer uses, their arguments and blocks (the provider's documentation of
 * `azapi_resource` 2.x), and that `type` names `<namespace>/<type>@<api-version>`. The body is
 * not checked; the Azure API validates it at plan time (`schema_validation_enabled`, default on).
 */

const AZAPI_RESOURCE = {
  required: ['type', 'name'],
  arguments: new Set([
    'type',
    'name',
    'parent_id',
    'location',
    'body',
    'tags',
    'response_export_values',
    'locks',
    'ignore_casing',
    'ignore_missing_property',
    'ignore_null_property',
    'schema_validation_enabled',
    'replace_triggers_external_values',
    'replace_triggers_refs',
    'sensitive_body',
    'sensitive_body_version',
    'create_headers',
    'create_query_parameters',
    'read_headers',
    'read_query_parameters',
    'update_headers',
    'update_query_parameters',
    'delete_headers',
    'delete_query_parameters',
  ]),
  blocks: {
    identity: new Set(['type', 'identity_ids']),
    retry: undefined,
    timeouts: undefined,
  },
};

const META_ARGUMENTS = new Set([
  'count',
  'for_each',
  'depends_on',
  'provider',
  'lifecycle',
]);

/** `Microsoft.CostManagement/exports@2025-03-01`: namespace, resource type path, API version. */
const ARM_TYPE =
  /^[A-Za-z][A-Za-z0-9]*\.[A-Za-z0-9.]+\/[A-Za-z0-9/]+@\d{4}-\d{2}-\d{2}(-preview)?$/;

/** Problems of the azapi blocks among `resources` (data sources of azapi are not rendered). */
export function checkAzapiResources(
  resources: readonly ParsedResource[],
): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const resource of resources) {
    const report = (
      rule: SchemaProblem['rule'],
      path: string,
      message: string,
    ) =>
      problems.push({
        rule,
        file: resource.file,
        address: resource.address,
        path,
        message,
      });
    if (resource.type !== 'azapi_resource') {
      report(
        'unknown-resource-type',
        '',
        `the offline check knows azapi_resource only, not "${resource.type}"`,
      );
      continue;
    }
    for (const name of AZAPI_RESOURCE.required) {
      if (!(name in resource.body)) {
        report('missing-required-argument', name, `"${name}" is required`);
      }
    }
    const type = resource.body.type;
    if (
      typeof type === 'string' &&
      !type.includes('${') &&
      !ARM_TYPE.test(type)
    ) {
      report(
        'unknown-resource-type',
        'type',
        `"${type}" is not <namespace>/<resource type>@<api version>`,
      );
    }
    for (const [name, value] of Object.entries(resource.body)) {
      if (META_ARGUMENTS.has(name) || AZAPI_RESOURCE.arguments.has(name)) {
        continue;
      }
      if (!(name in AZAPI_RESOURCE.blocks)) {
        report(
          'unknown-argument',
          name,
          `azapi_resource has no argument "${name}"`,
        );
        continue;
      }
      const allowed =
        AZAPI_RESOURCE.blocks[name as keyof typeof AZAPI_RESOURCE.blocks];
      const bodies = Array.isArray(value) ? value : [value];
      for (const body of bodies) {
        if (!allowed || typeof body !== 'object' || body === null) continue;
        for (const key of Object.keys(body)) {
          if (!allowed.has(key)) {
            report(
              'unknown-argument',
              `${name}.${key}`,
              `${name} has no argument "${key}"`,
            );
          }
        }
      }
    }
  }
  return problems;
}
