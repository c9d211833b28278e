import type { HclBody } from '../../hcl/hcl';
import type { FileTree } from '../../types';
import { terraformModuleFiles } from '../common/terraformModuleFiles';
import { awsTerraformSettings } from './awsTerraformSettings';

/** The capabilities that have an AWS module, as named in ARCHITECTURE.md. */
export type AwsCapability =
  | 'network'
  | 'cluster'
  | 'database'
  | 'cache'
  | 'storage'
  | 'registry'
  | 'monitoring'
  | 'ingress';

/** Folder of a capability's AWS module in the rendered repository. */
export function awsModulePath(capability: AwsCapability): string {
  return `infra/modules/${capability}/aws`;
}

/** The four files of a local module: versions.tf, variables.tf, main.tf and outputs.tf. */
export function awsModuleFiles(options: {
  capability: AwsCapability;
  variables: HclBody;
  main: HclBody;
  outputs: HclBody;
}): FileTree {
  return terraformModuleFiles({
    directory: awsModulePath(options.capability),
    versions: [awsTerraformSettings()],
    variables: options.variables,
    main: options.main,
    outputs: options.outputs,
  });
}
