import type { StackSpec } from '../../spec/stackSpec';

/**
 * Google's sample container (Cloud Run quickstart "Deploy a sample container"): public in
 * Artifact Registry, so every platform pulls it without credentials; it listens on $PORT (8080
 * without it) and answers every path with 200, so it passes the probes on any health path.
 */
export const PLACEHOLDER_IMAGE = 'us-docker.pkg.dev/cloudrun/container/hello';

/**
 * The image of the first revision of a Cloud Run service or container app, which the platform
 * pulls when `terraform apply` creates it and which must exist by then (else the create fails).
 * With a registry that is not the application's image: the stack registry is created by the same
 * apply and `make image-push` fills it only afterwards (spec.app.image may also be private), so the
 * first revision runs the placeholder until `make deploy` (the next steps of the same workflow)
 * rolls out the application. Without a registry it is spec.app.image itself, which the platform
 * then pulls without credentials on every deploy anyway.
 */
export function firstRevisionImage(spec: StackSpec): string {
  return spec.spec.services.registry ? PLACEHOLDER_IMAGE : spec.spec.app.image;
}
