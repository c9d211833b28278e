import { comment, writeHcl, type HclBody } from '../../hcl/hcl';
import type { Cloud } from '../../spec/regions';
import type { FileTree } from '../../types';
import { modulePath, type Capability } from './capability';
import { terraformSettings } from './terraformSettings';

/**
 * The four files of a local module, `infra/modules/<capability>/<cloud>`: versions.tf (with the
 * module's description when given), variables.tf, main.tf and outputs.tf.
 */
export function moduleFiles(options: {
  cloud: Cloud;
  capability: Capability;
  /** What the module is, written at the top of versions.tf (the Azure modules carry one). */
  description?: string;
  variables: HclBody;
  main: HclBody;
  outputs: HclBody;
}): FileTree {
  const directory = modulePath(options);
  return {
    [`${directory}/versions.tf`]: writeHcl([
      options.description !== undefined && [
        comment(options.description),
        comment('The provider is configured by the calling root module.'),
      ],
      terraformSettings(options.cloud),
    ]),
    [`${directory}/variables.tf`]: writeHcl(options.variables),
    [`${directory}/main.tf`]: writeHcl(options.main),
    [`${directory}/outputs.tf`]: writeHcl(options.outputs),
  };
}
