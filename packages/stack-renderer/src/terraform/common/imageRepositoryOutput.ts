import type { HclBlock } from '../../hcl/hcl';
import { runsKubernetes, type ComputeTarget } from '../../spec/computeTarget';
import { terraformOutput } from './terraformOutput';

/**
 * The root output `image_repository` of every cloud's registry: where `make image-push` copies
 * the image, and where it pins the digest (the overlay, or `make deploy` of a serverless target).
 */
export function imageRepositoryOutput(
  target: { compute: ComputeTarget },
  value: string,
): HclBlock {
  return terraformOutput({
    name: 'image_repository',
    description: `Repository of the application image: make image-push copies spec.app.image here and ${
      runsKubernetes(target)
        ? 'pins the overlay to it by digest'
        : 'make deploy deploys it by digest'
    }.`,
    value,
  });
}
