import { SERVERLESS_CONTAINER } from '../terraform/aws/awsServerlessModule';
import { SMOKE_URL_LINES, serverlessSmokeFunctions } from './serverlessSmoke';

/** The tag make deploy puts on the revisions it registers: their image, so a rollback finds releases. */
export const RELEASE_TAG = 'skyforge-release';

/**
 * `scripts/serverless-aws.sh`: deploys an image to the ECS service of one environment and rolls
 * it back. A deploy copies the task definition Terraform manages (its settings: environment,
 * secrets, CPU and memory) into a new revision with only the application image changed and tagged
 * as a release, points the service at it and waits until ECS reports it stable; the deployment
 * circuit breaker may instead roll it back, which the script reports as a failure. A rollback
 * points the service at the newest release older than the one it runs (never at Terraform's own
 * revision, which carries spec.app.image) and deregisters the one it ran, so rollbacks step back
 * one release each. Reads the cluster, service, task definition and region from the Terraform
 * outputs of the root.
 */
export function awsServerlessScript(): string {
  return `#!/usr/bin/env bash
# Deploys to and rolls back the ECS Fargate service of one environment (spec.compute: serverless).
# Rendered by Skyforge; make deploy and make rollback call it.
#   bash scripts/serverless-aws.sh deploy   <terraform root> <image>
#   bash scripts/serverless-aws.sh rollback <terraform root>
#   bash scripts/serverless-aws.sh smoke    <terraform root> <url>
# Needs the AWS CLI v2, jq and an initialised Terraform root (make tf-init).
set -euo pipefail

usage="usage: $0 deploy <terraform root> <image> | rollback <terraform root> | smoke <terraform root> <url>"
command="\${1:?$usage}"
root="\${2:?$usage}"
output() { terraform -chdir="$root" output -raw "$1"; }
region="$(output region)"
cluster="$(output cluster_name)"
service="$(output service_name)"
ecs() { aws ecs --region "$region" --output json "$@"; }

${serverlessSmokeFunctions().join('\n')}
# Points the service at a task definition revision and waits until its deployment has completed.
roll_to() {
  local revision="$1"
  ecs update-service --cluster "$cluster" --service "$service" --task-definition "$revision" > /dev/null
  echo "$service: deploying $revision (at least 100 % of the desired tasks stay healthy)"
  aws ecs wait services-stable --region "$region" --cluster "$cluster" --services "$service"
  local primary
  primary="$(ecs describe-services --cluster "$cluster" --services "$service" | jq -c '.services[0].deployments[] | select(.status == "PRIMARY") | { taskDefinition, rolloutState }')"
  if [ "$(jq -r .taskDefinition <<< "$primary")" != "$revision" ] || [ "$(jq -r .rolloutState <<< "$primary")" != COMPLETED ]; then
    echo "$service did not settle on $revision (the circuit breaker rolled it back, or it failed): $primary" >&2
    exit 1
  fi
  echo "$service runs $revision"
}

case "$command" in
  deploy)
    image="\${3:-}"
    if [ -z "$image" ]; then
      echo "No image to deploy: pass IMAGE=<repository>@sha256:<digest> (or run make image-push first)." >&2
      exit 1
    fi
    # Terraform's revision (the settings) with only the application image replaced and a release
    # tag added; ECS refuses its read-only fields.
    definition="$(ecs describe-task-definition --task-definition "$(output task_definition_arn)" --include TAGS)"
    input="$(jq --arg image "$image" --arg container ${SERVERLESS_CONTAINER} --arg release ${RELEASE_TAG} '
      (.tags // [] | map(select(.key != $release)) + [{ key: $release, value: $image }]) as $tags
      | .taskDefinition
      | del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities, .registeredAt, .registeredBy, .deregisteredAt)
      | .containerDefinitions |= map(if .name == $container then .image = $image else . end)
      | . + { tags: $tags }
    ' <<< "$definition")"
    next="$(ecs register-task-definition --cli-input-json "$input" | jq -er '.taskDefinition.taskDefinitionArn')"
    echo "Registered $next with $image"
    roll_to "$next"
    ;;
  rollback)
    current="$(ecs describe-services --cluster "$cluster" --services "$service" | jq -er '.services[0].taskDefinition')"
    # The releases (revisions make deploy registered) newest first; Terraform's own revisions carry
    # no release tag and are skipped. The newest release older than the current revision is what
    # ran before the last deploy; the current one is deregistered afterwards, so a second rollback
    # goes one further back.
    family="\${current##*/}"
    family="\${family%:*}"
    newest=""
    previous=""
    for revision in $(ecs list-task-definitions --family-prefix "$family" --status ACTIVE --sort DESC | jq -r '.taskDefinitionArns[]'); do
      [ "\${revision%:*}" = "\${current%:*}" ] || continue
      tags="$(ecs describe-task-definition --task-definition "$revision" --include TAGS | jq -c '.tags // []')"
      jq -e --arg release ${RELEASE_TAG} 'any(.[]; .key == $release)' <<< "$tags" > /dev/null || continue
      if [ -z "$newest" ]; then newest="$revision"; fi
      if [ "\${revision##*:}" -lt "\${current##*:}" ]; then
        previous="$revision"
        break
      fi
    done
    if [ -n "$newest" ] && [ "\${newest##*:}" -gt "\${current##*:}" ]; then
      # The last deploy never became current: the circuit breaker rolled it back.
      echo "$service already runs $current (the circuit breaker rolled the deploy back)"
      ecs deregister-task-definition --task-definition "$newest" > /dev/null
      echo "Deregistered $newest"
      exit 0
    fi
    if [ -z "$previous" ]; then
      # The first deploy of the environment: Terraform's revision (spec.app.image) is no release.
      echo "Nothing to roll back to: no release older than $current (the first deploy of this environment; Terraform's own revision is none), so $service stays on it. Fix forward with make deploy IMAGE=<a good image>."
      exit 0
    fi
    echo "Rolling $service back from $current to $previous"
    roll_to "$previous"
    ecs deregister-task-definition --task-definition "$current" > /dev/null
    echo "Deregistered $current"
    ;;
  smoke)
${SMOKE_URL_LINES.join('\n')}
    alb="$(output load_balancer_dns_name)"
    # The load balancer itself, whatever the host's DNS says yet: curl sends the host's name (TLS
    # SNI and Host header) to the ALB's address, so its listener and certificate apply as for users.
    port=443
    case "$url" in http://*) port=80 ;; esac
    probe --connect-to "$host:$port:$alb:$port" "$url"
    echo "$url answers through $alb: the release is healthy."
    custom_url "$url" "point $host at $alb (the Route 53 alias when the stack names a zone, else a record in your DNS)"
    ;;
  *)
    echo "$usage" >&2
    exit 2
    ;;
esac
`;
}
