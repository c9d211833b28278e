import { PLACEHOLDER_IMAGE } from '../terraform/common/firstRevisionImage';

/** Where the rendered repository keeps the Cloud Run deploy and rollback script. */
export const CLOUD_RUN_SCRIPT_PATH = 'scripts/serverless-gcp.sh';

/**
 * `scripts/serverless-gcp.sh`: what `make deploy` and `make rollback` run for a serverless GCP
 * environment. `deploy <terraform root> <image>` rolls a new revision out with `gcloud run deploy`
 * (which waits until the revision is ready and keeps the serving one when it fails) and sends it
 * all traffic; `rollback <terraform root> [revision]` sends all traffic back to the revision created
 * before the serving one (or to the one named; never the first revision's placeholder) with `gcloud run services update-traffic`. Service,
 * region, project and registry come from the root's outputs, so the script never guesses names.
 */
export function cloudRunScript(): string {
  return [
    '#!/usr/bin/env bash',
    '# Deploys to and rolls back the Cloud Run service of one environment (spec.compute: serverless).',
    '# Rendered by Skyforge; make deploy and make rollback call it.',
    '#   bash scripts/serverless-gcp.sh deploy   <terraform root> <image>',
    '#   bash scripts/serverless-gcp.sh rollback <terraform root> [revision]',
    "# The environment's CI service account holds roles/run.admin and roles/iam.serviceAccountUser",
    '# in its project for exactly these commands. Needs gcloud and an initialised root (make tf-init).',
    'set -euo pipefail',
    '',
    'usage="usage: $0 deploy <terraform root> <image> | rollback <terraform root> [revision]"',
    'command="${1:?$usage}"',
    'root="${2:?$usage}"',
    'output() { terraform -chdir="$root" output -raw "$1"; }',
    'service="$(output service_name)"',
    'where=(--project "$(output project_id)" --region "$(output region)")',
    '',
    'case "$command" in',
    '  deploy)',
    '    image="${3:-}"',
    '    if [ -z "$image" ]; then',
    '      echo "No image to deploy: pass IMAGE=<repository>@sha256:<digest> (or run make image-push first)." >&2',
    '      exit 1',
    '    fi',
    "    # Cloud Run pulls with its service agent from this environment's Artifact Registry.",
    '    if repository="$(output image_repository 2> /dev/null)" && [ -n "$repository" ]; then',
    '      case "$image" in',
    '        "$repository":* | "$repository"@sha256:*) ;;',
    '        *)',
    '          echo "The image must be in $repository (copy it there first: make image-push SOURCE_IMAGE=$image)." >&2',
    '          exit 1',
    '          ;;',
    '      esac',
    '    fi',
    '    # Waits until the new revision is ready; a revision that fails its startup probe never serves.',
    '    gcloud run deploy "$service" "${where[@]}" --image "$image" --quiet',
    '    # After a rollback the traffic is pinned to a revision: hand it back to the newest one.',
    '    gcloud run services update-traffic "$service" "${where[@]}" --to-latest --quiet',
    '    ;;',
    '  rollback)',
    '    previous="${3:-}"',
    '    if [ -z "$previous" ]; then',
    '      serving="$(gcloud run services describe "$service" "${where[@]}" --format=\'value(status.traffic[0].revisionName)\')"',
    "      # The revision created just before the serving one (newest first); the first revision's",
    '      # placeholder (what terraform apply started before the first deploy) is no release.',
    `      previous="$(gcloud run revisions list --service "$service" "\${where[@]}" --sort-by='~metadata.creationTimestamp' --format='value(metadata.name,spec.containers[0].image)' | awk -v serving="$serving" -v placeholder=${PLACEHOLDER_IMAGE} 'found && $2 != placeholder { print $1; exit } $1 == serving { found = 1 }')"`,
    '    fi',
    '    if [ -z "$previous" ]; then',
    '      # The first deploy of the environment: the placeholder is no release to return to.',
    '      echo "Nothing to roll back to: no release of $service before the serving revision (the first deploy of this environment), so the traffic stays where it is. Fix forward with make deploy IMAGE=<a good image>, or name a revision (bash $0 rollback $root <revision>)."',
    '      exit 0',
    '    fi',
    '    gcloud run services update-traffic "$service" "${where[@]}" --to-revisions "$previous=100" --quiet',
    '    echo "$service serves $previous"',
    '    ;;',
    '  *)',
    '    echo "$usage" >&2',
    '    exit 2',
    '    ;;',
    'esac',
    '',
  ].join('\n');
}
