import {
  HEALTH_READER_ENV_FILE,
  HEALTH_READER_SUBJECT_KEY,
  HEALTH_READER_SUBJECT_PLACEHOLDER,
} from '../kustomize/healthReaderRbac';
import type { Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import {
  DEPLOY_TIME_REGISTRATION,
  HEALTH_READER_SUBJECT_OUTPUT,
} from './clusterRegistration';
import { stackClouds } from '../spec/deploymentTargets';
import type { WorkflowStep } from './workflowSteps';

/**
 * The `catalog-registration` target of the Makefile: after `terraform apply`, writes the values of
 * the cluster Resource's registration annotations that only Terraform knows (API server, CA, the
 * health reader role) from the root's outputs into `catalog-info.yaml`, within that Resource's
 * document only; on GKE and AKS also Backstage's identity into the health reader RBAC of the
 * platform directory. Committed, they let Backstage's catalog cluster locator find the cluster and
 * read it.
 */
export function catalogRegistrationTarget(spec: StackSpec): string[] {
  const registered = stackClouds(spec);
  const pairs = (cloud: Cloud) =>
    Object.entries(DEPLOY_TIME_REGISTRATION[cloud])
      .map(([key, output]) => `${key}=${output}`)
      .join(' ');
  const subjectClouds = registered.filter(cloud => cloud !== 'aws');
  return [
    "catalog-registration: check-target ## Write the cluster's endpoint, CA and reader identity into catalog-info.yaml and the platform RBAC (needs tf-init)",
    `\t@resource="${spec.metadata.name}-$(ENV)-$(CLOUD)-cluster"; \\`,
    '\tcase "$(CLOUD)" in \\',
    ...registered.map(cloud => `\t  ${cloud}) pairs="${pairs(cloud)}" ;; \\`),
    '\tesac; \\',
    '\tfor pair in $$pairs; do \\',
    '\t  key="$${pair%%=*}"; \\',
    '\t  value="$$(terraform -chdir=$(TF_ROOT) output -json "$${pair#*=}" | jq -r \'. // ""\')"; \\',
    '\t  sed -i.bak "/^  name: $$resource$$/,/^---$$/ s|^\\(    $$key:\\).*|\\1 \\"$$value\\"|" catalog-info.yaml; \\',
    '\tdone; \\',
    '\trm -f catalog-info.yaml.bak; \\',
    '\techo "catalog-info.yaml: $$resource registered; commit it so that Backstage reads the cluster."',
    ...(subjectClouds.length > 0
      ? [
          `\t@if [ -n "$(filter ${subjectClouds.join(
            ' ',
          )},$(CLOUD))" ]; then \\`,
          `\t  subject="$$(terraform -chdir=$(TF_ROOT) output -json ${HEALTH_READER_SUBJECT_OUTPUT} | jq -r '. // ""')"; \\`,
          `\t  printf '${HEALTH_READER_SUBJECT_KEY}=%s\\n' "$\${subject:-${HEALTH_READER_SUBJECT_PLACEHOLDER}}" > $(PLATFORM)/${HEALTH_READER_ENV_FILE}; \\`,
          `\t  echo "$(PLATFORM)/${HEALTH_READER_ENV_FILE}: Backstage's identity $$subject; commit it too."; \\`,
          '\tfi',
        ]
      : []),
  ];
}

/**
 * The apply workflow's step after the deploy: checks that the committed `catalog-info.yaml` (and
 * the platform directory's health reader identity) hold the cluster's current registration, and otherwise warns with the change to commit (the job may
 * not push: it runs with read-only repository contents).
 */
export function catalogRegistrationSteps(): WorkflowStep[] {
  return [
    {
      name: "Check the cluster's Backstage registration",
      run: [
        'make catalog-registration ENV="$ENVIRONMENT" CLOUD="$CLOUD"',
        'if ! git diff --quiet -- catalog-info.yaml deploy/platform; then',
        '  echo "::warning::catalog-info.yaml or deploy/platform lacks the current registration of this cluster: run make catalog-registration ENV=$ENVIRONMENT CLOUD=$CLOUD and commit it, so that Backstage reads its health."',
        "  { echo '```diff'; git diff -- catalog-info.yaml deploy/platform; echo '```'; } >> \"$GITHUB_STEP_SUMMARY\"",
        'fi',
        '',
      ].join('\n'),
    },
  ];
}
