import { SERVERLESS_CONTAINER } from '../terraform/aws/awsServerlessModule';

/**
 * `scripts/serverless-aws.sh`: deploys an image to the ECS service of one environment and rolls
 * it back. A deploy copies the service's current task definition into a new revision with only
 * the application image changed (so everything Terraform set stays), points the service at it and
 * waits until ECS reports it stable; the deployment circuit breaker may instead roll it back, which
 * the script reports as a failure. A rollback points the service at the revision registered before
 * the newest one and deregisters the newest, so rollbacks step back one release each. Reads the cluster, service and region from the Terraform outputs of the root.
 */
export function awsServerlessScript(): string {
  return `#!/usr/bin/env bash
# Deploys to and rolls back the ECS Fargate service of one environment (spec.compute: serverless).
# Rendered by Skyforge; make deploy and make rollback call it.
#   bash scripts/serverless-aws.sh deploy   <terraform root> <image>
#   bash scripts/serverless-aws.sh rollback <terraform root>
# Needs the AWS CLI v2, jq and an initialised Terraform root (make tf-init).
set -euo pipefail

usage="usage: $0 deploy <terraform root> <image> | rollback <terraform root>"
command="\${1:?$usage}"
root="\${2:?$usage}"
output() { terraform -chdir="$root" output -raw "$1"; }
region="$(output region)"
cluster="$(output cluster_name)"
service="$(output service_name)"
ecs() { aws ecs --region "$region" --output json "$@"; }

current="$(ecs describe-services --cluster "$cluster" --services "$service" | jq -er '.services[0].taskDefinition')"

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
    # The current revision with only the application image replaced; ECS refuses its read-only fields.
    definition="$(ecs describe-task-definition --task-definition "$current" --include TAGS)"
    input="$(jq --arg image "$image" --arg container ${SERVERLESS_CONTAINER} '
      .taskDefinition
      | del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities, .registeredAt, .registeredBy, .deregisteredAt)
      | .containerDefinitions |= map(if .name == $container then .image = $image else . end)
    ' <<< "$definition")"
    tags="$(jq -c '.tags // []' <<< "$definition")"
    if [ "$tags" != "[]" ]; then input="$(jq --argjson tags "$tags" '. + { tags: $tags }' <<< "$input")"; fi
    next="$(ecs register-task-definition --cli-input-json "$input" | jq -er '.taskDefinition.taskDefinitionArn')"
    echo "Registered $next with $image"
    roll_to "$next"
    ;;
  rollback)
    # The revision before the newest: what ran before the last deploy. The newest is deregistered
    # afterwards, so a second rollback goes one further back.
    family="$(ecs describe-task-definition --task-definition "$current" | jq -er '.taskDefinition.family')"
    revisions="$(ecs list-task-definitions --family-prefix "$family" --status ACTIVE --sort DESC)"
    newest="$(jq -er '.taskDefinitionArns[0]' <<< "$revisions")"
    previous="$(jq -er '.taskDefinitionArns[1] // error("no revision before the newest one to roll back to")' <<< "$revisions")"
    if [ "$current" = "$previous" ]; then
      echo "$service already runs $previous (the circuit breaker rolled the deploy back)"
    else
      echo "Rolling $service back from $current to $previous"
      roll_to "$previous"
    fi
    ecs deregister-task-definition --task-definition "$newest" > /dev/null
    echo "Deregistered $newest"
    ;;
  *)
    echo "$usage" >&2
    exit 2
    ;;
esac
`;
}
