import type { HclBody } from '../../hcl/hcl';
import type { FileTree } from '../../types';
import { terraformModuleFiles } from '../common/terraformModuleFiles';
import { terraformVariable } from '../common/terraformVariable';
import { gcpTerraformSettings } from './gcpTerraformBlocks';

/** The capabilities that have a GCP module, in the order ARCHITECTURE.md lists them. */
export type GcpCapability =
  | 'network'
  | 'cluster'
  | 'database'
  | 'cache'
  | 'storage'
  | 'registry'
  | 'monitoring';

/** Path of a capability's GCP module in the rendered repository. */
export function gcpModulePath(capability: GcpCapability): string {
  return `infra/modules/${capability}/gcp`;
}

/** The four files of a local module: versions.tf, variables.tf, main.tf and outputs.tf. */
export function gcpModuleFiles(options: {
  capability: GcpCapability;
  variables: HclBody;
  main: HclBody;
  outputs: HclBody;
}): FileTree {
  return terraformModuleFiles({
    directory: gcpModulePath(options.capability),
    versions: [gcpTerraformSettings()],
    variables: options.variables,
    main: options.main,
    outputs: options.outputs,
  });
}

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
