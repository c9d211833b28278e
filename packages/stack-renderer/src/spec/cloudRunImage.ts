import { environmentCompute, type ComputeTarget } from './computeTarget';
import type { Environment } from './profiles';
import type { Cloud } from './regions';

/**
 * The registries Cloud Run deploys from directly (Cloud Run docs, "Deploying container images":
 * Artifact Registry, with gcr.io served by it, and public images on Docker Hub or GitHub Container
 * Registry). Others need an Artifact Registry remote repository, or the stack's registry.
 */
const CLOUD_RUN_REGISTRIES: readonly RegExp[] = [
  /^[a-z0-9-]+-docker\.pkg\.dev$/,
  /^(?:[a-z]+\.)?gcr\.io$/,
  /^(?:index\.|registry-1\.)?docker\.io$/,
  /^ghcr\.io$/,
];

/** The registry host of an image reference; Docker Hub when the first segment is no host. */
function registryHost(image: string): string {
  const [first, ...rest] = image.split('/');
  const isHost =
    rest.length > 0 &&
    (first!.includes('.') || first!.includes(':') || first === 'localhost');
  return isHost ? first! : 'docker.io';
}

interface CloudRunImageSpec {
  compute?: ComputeTarget;
  clouds: readonly Cloud[];
  environments: readonly Environment[];
  overrides: Partial<Record<Environment, { compute?: ComputeTarget }>>;
  services: { registry: boolean };
  app: { image: string };
}

/**
 * spec.app.image on Cloud Run without services.registry: the service deploys it directly, so it
 * must come from a registry Cloud Run pulls from. (A private image on GHCR or Docker Hub fails
 * too; the spec cannot tell, so the stack's registry is the way for private images.)
 */
export function cloudRunImageIssues(
  spec: CloudRunImageSpec,
): Array<{ path: PropertyKey[]; message: string }> {
  if (!spec.clouds.includes('gcp') || spec.services.registry) return [];
  const cloudRun = spec.environments.filter(
    environment => environmentCompute(spec, environment) === 'serverless',
  );
  const host = registryHost(spec.app.image);
  if (
    cloudRun.length === 0 ||
    CLOUD_RUN_REGISTRIES.some(pattern => pattern.test(host))
  )
    return [];
  return [
    {
      path: ['spec', 'app', 'image'],
      message: `is on ${host}, and Cloud Run (${cloudRun.join(
        ', ',
      )} on GCP, without services.registry) deploys images from Artifact Registry, Docker Hub or public GitHub Container Registry only; turn on services.registry (make image-push copies the image into the stack's Artifact Registry) or use an image from one of those`,
    },
  ];
}
