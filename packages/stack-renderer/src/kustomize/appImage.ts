import { AWS_PLACEHOLDER_ACCOUNT } from './certificateEnvFile';
import { gcpProject } from '../spec/gcpProject';
import { CLOUD_NAMES } from '../spec/regions';
import type { ResolvedEnvironment } from '../spec/resolveEnvironment';
import type { StackSpec } from '../spec/stackSpec';
import { azureRegistryName } from '../terraform/azure/services/registry';
import { yamlDocument } from './yamlDocument';

/** Directory (inside each overlay) of the Kustomize component that pins the application image. */
export const IMAGE_COMPONENT_DIRECTORY = 'image';

/** The digest committed until the first push: no registry holds it, so `make k8s-apply` refuses it. */
export const IMAGE_DIGEST_PLACEHOLDER = `sha256:${'0'.repeat(64)}`;

/** `spec.app.image` taken apart: `ghcr.io/acme/api:1.4.2` or `ghcr.io/acme/api@sha256:…`. */
export interface ImageReference {
  /** Registry host and path, without tag or digest: the name Kustomize matches. */
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseImageReference(image: string): ImageReference {
  const at = image.indexOf('@');
  if (at >= 0)
    return { repository: image.slice(0, at), digest: image.slice(at + 1) };
  // A colon after the last slash starts the tag; one before it is a registry port.
  const colon = image.lastIndexOf(':');
  return colon > image.lastIndexOf('/')
    ? { repository: image.slice(0, colon), tag: image.slice(colon + 1) }
    : { repository: image };
}

/**
 * Where one environment's cluster pulls the application from: the repository in the registry
 * Terraform created for that environment and cloud (its output `image_repository`), or, for a
 * stack without a registry, the repository `spec.app.image` names. The AWS account ID is only
 * known after the bootstrap, so AWS repositories carry the placeholder account until
 * `make image-push` writes the real one.
 */
export function imageRepository(options: {
  spec: StackSpec;
  target: ResolvedEnvironment;
}): string {
  const { spec, target } = options;
  const name = spec.metadata.name;
  if (!spec.spec.services.registry)
    return parseImageReference(spec.spec.app.image).repository;
  switch (target.cloud) {
    case 'aws':
      return `${AWS_PLACEHOLDER_ACCOUNT}.dkr.ecr.${target.region}.amazonaws.com/${target.resourcePrefix}`;
    case 'gcp':
      return `${target.region}-docker.pkg.dev/${gcpProject({
        spec,
        environment: target.environment,
      })}/${target.resourcePrefix}/${name}`;
    default:
      return `${azureRegistryName({
        spec,
        environment: target.environment,
      })}.azurecr.io/${name}`;
  }
}

/**
 * `deploy/overlays/<env>-<cloud>/image/kustomization.yaml`: a component whose only content is the
 * Kustomize `images` entry that points the Deployment at the environment's registry, pinned by
 * digest. `make k8s-image` (which `make image-push` runs with the digest the registry returned)
 * rewrites the whole file (no YAML editing, no kustomize binary), in the form rendered here.
 */
export function imageComponent(options: {
  spec: StackSpec;
  target: ResolvedEnvironment;
}): string {
  const { spec, target } = options;
  const { environment, cloud } = target;
  const { image } = spec.spec.app;
  const source = parseImageReference(image);
  const registry = spec.spec.services.registry;
  const make = (makeTarget: string) =>
    `\`make ${makeTarget} ENV=${environment} CLOUD=${cloud}\``;
  const placeholder = [
    'Until then the all-zero digest keeps `kubectl kustomize` working, and `make k8s-apply`',
    'refuses it.',
  ];
  // Without a registry, a source pinned by digest is already the final reference.
  const digest =
    !registry && source.digest ? source.digest : IMAGE_DIGEST_PLACEHOLDER;
  const heading = `The image ${spec.metadata.name} runs in ${environment} on ${CLOUD_NAMES[cloud]}: spec.app.image (${image}),`;
  const comment = registry
    ? [
        heading,
        'copied into the registry of this environment and pinned by digest. The apply workflow runs',
        `${make(
          'image-push',
        )}, which copies it and rewrites this file with the digest the`,
        'registry returned.',
        ...placeholder,
      ]
    : [
        heading,
        'pinned by digest. The stack has no registry of its own, so the cluster pulls from the source.',
        ...(digest === IMAGE_DIGEST_PLACEHOLDER
          ? [
              `The apply workflow runs ${make(
                'k8s-image',
              )} with the digest the tag resolved to.`,
              ...placeholder,
            ]
          : []),
      ];
  return yamlDocument({
    comment,
    value: {
      apiVersion: 'kustomize.config.k8s.io/v1alpha1',
      kind: 'Component',
      images: [
        {
          name: source.repository,
          newName: imageRepository(options),
          digest,
        },
      ],
    },
  });
}
