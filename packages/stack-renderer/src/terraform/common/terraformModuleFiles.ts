import { writeHcl, type HclBody } from '../../hcl/hcl';
import type { FileTree } from '../../types';

/** The four files of a local module in `directory`: versions, variables, main and outputs. */
export function terraformModuleFiles(options: {
  directory: string;
  versions: HclBody;
  variables: HclBody;
  main: HclBody;
  outputs: HclBody;
}): FileTree {
  const directory = options.directory;
  return {
    [`${directory}/versions.tf`]: writeHcl(options.versions),
    [`${directory}/variables.tf`]: writeHcl(options.variables),
    [`${directory}/main.tf`]: writeHcl(options.main),
    [`${directory}/outputs.tf`]: writeHcl(options.outputs),
  };
}
