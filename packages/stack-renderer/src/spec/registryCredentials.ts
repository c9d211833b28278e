import { environmentCompute, type ComputeTarget } from './computeTarget';
import type { Environment } from './profiles';
import type { Cloud } from './regions';

/** An image in a private ECR registry: account, region and repository of the reference. */
const ECR_IMAGE =
  /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/([^:@]+)/;

/** A Secrets Manager secret name (the characters Secrets Manager allows, at most 512). */
export const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/**
 * The ARN of the ECR repository an image reference points at, or undefined when the image is not
 * in ECR. ECS pulls such an image with the task execution role, which then needs the pull
 * actions on exactly this repository (a repository in another account must also allow the role
 * in its repository policy).
 */
export function ecrRepositoryArn(image: string): string | undefined {
  const match = ECR_IMAGE.exec(image);
  if (!match) return undefined;
  const [, account, region, china, repository] = match;
  let partition = 'aws';
  if (china) partition = 'aws-cn';
  else if (region!.startsWith('us-gov-')) partition = 'aws-us-gov';
  return `arn:${partition}:ecr:${region}:${account}:repository/${repository}`;
}

interface RegistryCredentialsSpec {
  compute?: ComputeTarget;
  clouds: readonly Cloud[];
  environments: readonly Environment[];
  overrides: Partial<Record<Environment, { compute?: ComputeTarget }>>;
  services: { registry: boolean };
  app: { image: string; registryCredentials?: string };
}

/**
 * The rules of `spec.app.registryCredentials`: the Secrets Manager secret (by name, in the
 * account of every AWS serverless environment) with the username and password of the private
 * registry spec.app.image comes from, which ECS reads as the container's repositoryCredentials.
 * It is for the one flow where ECS pulls the source image itself: an AWS serverless environment
 * without services.registry, and an image outside ECR.
 */
export function registryCredentialsIssues(
  spec: RegistryCredentialsSpec,
): Array<{ path: PropertyKey[]; message: string }> {
  const { registryCredentials } = spec.app;
  if (registryCredentials === undefined) return [];
  const path = ['spec', 'app', 'registryCredentials'];
  const awsServerless =
    spec.clouds.includes('aws') &&
    spec.environments.some(
      environment => environmentCompute(spec, environment) === 'serverless',
    );
  if (!awsServerless) {
    return [
      {
        path,
        message:
          'applies to ECS only (AWS environments with compute serverless), and this stack has none; leave it out',
      },
    ];
  }
  if (spec.services.registry) {
    return [
      {
        path,
        message:
          "is not used with services.registry: ECS pulls the copy make image-push puts in the stack's ECR (CI reads the source registry with its own credentials); leave it out",
      },
    ];
  }
  if (ecrRepositoryArn(spec.app.image)) {
    return [
      {
        path,
        message:
          'is for registries outside ECR: ECS pulls spec.app.image from ECR with the task execution role, which the rendered Terraform allows to pull exactly that repository; leave it out',
      },
    ];
  }
  return [];
}
