import type { StackSpec } from '../spec/stackSpec';
import {
  DEPLOY_TIME_REGISTRATION,
  REGISTERED_CLOUDS,
} from './clusterRegistration';
import { stackClouds } from '../spec/deploymentTargets';
import type { WorkflowStep } from './workflowSteps';

/**
 * The `catalog-registration` target of the Makefile: after `terraform apply`, writes the values of
 * the cluster Resource's registration annotations that only Terraform knows (API server, CA, the
 * health reader role) from the root's outputs into `catalog-info.yaml`, within that Resource's
 * document only. Committed, they let Backstage's catalog cluster locator find the cluster.
 */
export function catalogRegistrationTarget(spec: StackSpec): string[] {
  const registered = stackClouds(spec).filter(cloud =>
    REGISTERED_CLOUDS.includes(cloud),
  );
  const lines = [
    "catalog-registration: check-target ## Write the cluster's endpoint, CA and reader role into catalog-info.yaml (needs tf-init)",
  ];
  if (registered.length === 0) {
    return [
      ...lines,
      `\t@echo "Nothing to do: Skyforge renders the cluster registration for ${REGISTERED_CLOUDS.join(
        ', ',
      )} clusters only so far."`,
    ];
  }
  const pairs = Object.entries(DEPLOY_TIME_REGISTRATION)
    .map(([key, output]) => `${key}=${output}`)
    .join(' ');
  return [
    ...lines,
    `\t$(if $(filter ${registered.join(
      ' ',
    )},$(CLOUD)),,$(error catalog-registration is rendered for CLOUD=${registered.join(
      ' or ',
    )} only so far))`,
    `\t@resource="${spec.metadata.name}-$(ENV)-$(CLOUD)-cluster"; \\`,
    `\tfor pair in ${pairs}; do \\`,
    '\t  key="$${pair%%=*}"; \\',
    '\t  value="$$(terraform -chdir=$(TF_ROOT) output -json "$${pair#*=}" | jq -r \'. // ""\')"; \\',
    '\t  sed -i.bak "/^  name: $$resource$$/,/^---$$/ s|^\\(    $$key:\\).*|\\1 \\"$$value\\"|" catalog-info.yaml; \\',
    '\tdone; \\',
    '\trm -f catalog-info.yaml.bak; \\',
    '\techo "catalog-info.yaml: $$resource registered; commit it so that Backstage reads the cluster."',
  ];
}

/**
 * The apply workflow's step after the deploy: checks that the committed `catalog-info.yaml` holds
 * the cluster's current registration, and otherwise warns with the change to commit (the job may
 * not push: it runs with read-only repository contents).
 */
export function catalogRegistrationSteps(spec: StackSpec): WorkflowStep[] {
  const registered = stackClouds(spec).filter(cloud =>
    REGISTERED_CLOUDS.includes(cloud),
  );
  if (registered.length === 0) return [];
  return [
    {
      name: "Check the cluster's Backstage registration",
      if: registered.map(cloud => `matrix.cloud == '${cloud}'`).join(' || '),
      run: [
        'make catalog-registration ENV="$ENVIRONMENT" CLOUD="$CLOUD"',
        'if ! git diff --quiet -- catalog-info.yaml; then',
        '  echo "::warning::catalog-info.yaml lacks the current registration of this cluster: run make catalog-registration ENV=$ENVIRONMENT CLOUD=$CLOUD and commit it, so that Backstage reads its health."',
        "  { echo '```diff'; git diff -- catalog-info.yaml; echo '```'; } >> \"$GITHUB_STEP_SUMMARY\"",
        'fi',
        '',
      ].join('\n'),
    },
  ];
}
