import { stackClouds, stackEnvironments } from '../spec/deploymentTargets';
import type { Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import {
  hasServerlessTargets,
  pinDigestLines,
  pinnedDigestHelp,
} from './deployDispatch';

/** Path of the script in the rendered repository. */
export const PUSH_IMAGE_SCRIPT_PATH = 'scripts/push-image.sh';

/** How the local docker logs in to each cloud's registry, with the caller's own cloud login. */
const LOGIN: Record<Cloud, string[]> = {
  aws: [
    '  aws)',
    '    aws ecr get-login-password --region "$(terraform -chdir="$root" output -raw region)" \\',
    '      | docker login --username AWS --password-stdin "${repository%%/*}"',
    '    ;;',
  ],
  gcp: [
    '  gcp)',
    '    gcloud auth configure-docker "${repository%%/*}" --quiet',
    '    ;;',
  ],
  azure: [
    '  azure)',
    '    # The registry has no public endpoint: the push works from a network that reaches its private',
    '    # endpoint (VNet, VPN). From anywhere else push to a registry ACR can read and run',
    '    # make image-push SOURCE_IMAGE=<that image>, which lets ACR import it.',
    '    az acr login --name "$(terraform -chdir="$root" output -raw registry_name)"',
    '    ;;',
  ],
};

/**
 * `scripts/push-image.sh <cloud> [env]`: pushes a local image (IMAGE) to the registry the stack
 * created for that cloud and environment, logging in with the caller's cloud credentials (ECR
 * `get-login-password`, `gcloud auth configure-docker`, `az acr login`), and prints the pushed
 * reference pinned by digest as its only output (what `make push-image` pins the overlay to).
 */
export function renderPushImageScript(spec: StackSpec): string {
  const clouds = stackClouds(spec);
  const environments = stackEnvironments(spec);
  return [
    '#!/usr/bin/env bash',
    '# Pushes a local image to the registry this stack created for <cloud> in [env] (default dev),',
    '# with your own cloud login, and prints <repository>@<digest> (the only line on stdout).',
    '#   IMAGE=checkout:dev scripts/push-image.sh aws staging   (TAG=<tag> to choose the tag)',
    '# The tag defaults to local-<UTC time>: the registries keep tags immutable.',
    'set -euo pipefail',
    '',
    `usage() { echo "usage: IMAGE=<local image> $0 <${clouds.join(
      '|',
    )}> [${environments.join('|')}]" >&2; exit 2; }`,
    'cloud="${1:-}"',
    `env="\${2:-${environments[0]}}"`,
    `case "$cloud" in ${clouds.join('|')}) ;; *) usage ;; esac`,
    `case "$env" in ${environments.join('|')}) ;; *) usage ;; esac`,
    'image="${IMAGE:-}"',
    'if [ -z "$image" ]; then echo "Set IMAGE to the local image to push, e.g. IMAGE=app:dev." >&2; exit 2; fi',
    'docker image inspect "$image" > /dev/null || { echo "No local image $image (docker build it first)." >&2; exit 1; }',
    '',
    'cd "$(dirname "$0")/.."',
    'root="infra/envs/$env/$cloud"',
    'if ! repository="$(terraform -chdir="$root" output -raw image_repository 2> /dev/null)" || [ -z "$repository" ]; then',
    '  echo "$root has no image_repository output: run make tf-init tf-plan tf-apply ENV=$env CLOUD=$cloud first." >&2',
    '  exit 1',
    'fi',
    'tag="${TAG:-local-$(date -u +%Y%m%d%H%M%S)}"',
    '',
    '# Logins print to stderr: stdout carries only the pushed reference.',
    'case "$cloud" in',
    ...clouds.flatMap(cloud => LOGIN[cloud]),
    'esac >&2',
    '',
    'docker tag "$image" "$repository:$tag"',
    'docker push "$repository:$tag" >&2',
    'reference="$(docker image inspect "$repository:$tag" --format \'{{range .RepoDigests}}{{println .}}{{end}}\' | grep "^$repository@sha256:" | head -n 1)"',
    'if [ -z "$reference" ]; then echo "The registry returned no digest for $repository:$tag." >&2; exit 1; fi',
    'echo "Pushed $image as $repository:$tag" >&2',
    'echo "$reference"',
    '',
  ].join('\n');
}

/**
 * The `push-image` recipe: the script, then the digest it printed pinned like image-push pins it
 * (`k8s-image`, or $(BUILD)/image for make deploy on a serverless target).
 */
export function pushImageTarget(spec: StackSpec): string[] {
  const help = `push-image: check-target ## Push the local IMAGE to the registry of ENV/CLOUD (scripts/push-image.sh) and ${pinnedDigestHelp(
    spec,
  )}`;
  if (!spec.spec.services.registry) {
    return [
      help,
      '\t@echo "The stack has no registry: push the image where the clusters pull from and run make k8s-image." >&2; exit 1',
      '',
    ];
  }
  return [
    help,
    '\t@if [ -z "$(IMAGE)" ]; then echo "Set IMAGE to the local image to push, e.g. IMAGE=app:dev." >&2; exit 2; fi',
    ...(hasServerlessTargets(spec) ? ['\t@mkdir -p $(BUILD)'] : []),
    `\t@reference="$$(IMAGE="$(IMAGE)" bash ${PUSH_IMAGE_SCRIPT_PATH} $(CLOUD) $(ENV))" || exit 1; \\`,
    ...pinDigestLines(spec, {
      repository: '$${reference%@*}',
      digest: '$${reference#*@}',
    }),
    '',
  ];
}
