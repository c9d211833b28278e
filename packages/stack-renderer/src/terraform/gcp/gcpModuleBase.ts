import { attr, expr, type HclBody } from '../../hcl/hcl';
import { capabilityTagsExpression } from '../common/capabilityTagsExpression';
import { terraformVariable } from '../common/terraformVariable';

/**
 * Variables every GCP module takes: project, region (unless the module is global), resource name
 * prefix and the tag contract labels.
 */
export function gcpModuleBaseVariables(
  options: { region?: boolean } = {},
): HclBody {
  return [
    terraformVariable({
      name: 'project_id',
      type: 'string',
      description: 'GCP project that holds the resources.',
    }),
    options.region !== false &&
      terraformVariable({
        name: 'region',
        type: 'string',
        description: 'GCP region of the resources.',
      }),
    terraformVariable({
      name: 'name',
      type: 'string',
      description:
        'Prefix of every resource name: the stack name and the environment, e.g. payments-api-prod.',
    }),
    terraformVariable({
      name: 'labels',
      type: 'map(string)',
      description:
        'Labels of the attribution contract (skyforge-component, skyforge-system, environment, owner, managed-by).',
    }),
  ];
}

/**
 * The root's arguments for {@link gcpModuleBaseVariables}; `labels` adds the module's capability
 * labels (`skyforge-capability`, and `kubernetes-cluster` for the cluster) to the contract's.
 */
export function gcpModuleBaseArguments(
  options: { region?: boolean; labels?: Record<string, string> } = {},
): HclBody {
  return [
    attr('project_id', expr('var.project_id')),
    options.region !== false && attr('region', expr('var.region')),
    attr('name', expr('local.name')),
    attr(
      'labels',
      capabilityTagsExpression('var.labels', options.labels ?? {}),
    ),
  ];
}
