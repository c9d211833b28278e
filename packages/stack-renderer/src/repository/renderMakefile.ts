import type { Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import {
  deploymentTargets,
  hasKubernetesTargets,
  kubernetesTargets,
  stackClouds,
  stackEnvironments,
} from '../spec/deploymentTargets';
import {
  DEPLOY_DISPATCH_TARGETS,
  deployDispatchTargets,
  deployDispatchVariables,
} from './deployDispatch';
import { catalogRegistrationTarget } from './catalogRegistrationTarget';
import { COMPOSE_TARGETS, composeTargets } from './makefileComposeTargets';
import { databaseUserTarget } from './databaseUserTarget';
import { grafanaDashboardTarget } from './grafanaDashboardTarget';
import { ingressHasTls } from '../kustomize/appIngress';
import { platformDirectories } from '../kustomize/platformDirectories';
import {
  SERVICES_ENV_FILE,
  SERVICES_PLACEHOLDER_PREFIX,
  servicesJqProgram,
} from '../kustomize/appServiceVariables';
import {
  AWS_CERTIFICATE_ARN_KEY,
  AWS_CERTIFICATE_ENV_FILE,
  AWS_PLACEHOLDER_ACCOUNT,
} from '../kustomize/certificateEnvFile';
import {
  DEPLOY_TARGETS,
  deployTargets,
  deployVariables,
  imagePlaceholderCheck,
} from './makefileDeployTargets';
import {
  AZURE_CLIENT_ID_KEY,
  AZURE_CLIENT_ID_PLACEHOLDER,
  AZURE_WORKLOAD_IDENTITY_ENV_FILE,
} from '../kustomize/workloadIdentityEnvFile';

/** The targets the Makefile defines, in the order `make help` lists them. */
export const MAKEFILE_TARGETS = [
  'help',
  'tf-init',
  'tf-plan',
  'tf-apply',
  'tf-destroy',
  'bootstrap-destroy',
  'k8s-credentials',
  'k8s-identity',
  'k8s-certificate',
  'k8s-services',
  'database-user',
  'grafana-dashboard',
  'k8s-build',
  'k8s-diff',
  'k8s-apply',
  'k8s-delete',
  ...DEPLOY_TARGETS,
  ...DEPLOY_DISPATCH_TARGETS,
  ...COMPOSE_TARGETS,
  'catalog-registration',
  'validate',
] as const;

/**
 * The targets of the stack's Makefile, in `make help` order: the `k8s-*` targets only where an
 * environment runs Kubernetes.
 */
export function makefileTargets(spec: StackSpec): string[] {
  return hasKubernetesTargets(spec)
    ? [...MAKEFILE_TARGETS]
    : MAKEFILE_TARGETS.filter(target => !target.startsWith('k8s-'));
}

/** `terraform init` arguments that complete each cloud's backend (see backend.tf). */
const BACKEND_CONFIG: Record<Cloud, string> = {
  aws: '-backend-config=bucket=$(TF_STATE_BUCKET)',
  gcp: '',
  azure: '-backend-config=storage_account_name=$(TF_STATE_ACCOUNT)',
};

/**
 * What `make tf-destroy` lifts before it destroys: deletion protection everywhere, and on AWS and
 * GCP the root's `teardown` variable (buckets and registries may go with their data). Azure's data
 * services are guarded by management locks that follow deletion_protection.
 */
const TEARDOWN_VARS: Record<Cloud, string> = {
  aws: '-var teardown=true -var deletion_protection=false',
  gcp: '-var teardown=true -var deletion_protection=false',
  azure: '-var deletion_protection=false',
};

/**
 * What `make bootstrap-destroy` lifts: the state buckets' force_destroy on AWS and GCP. On Azure,
 * terraform destroy removes the state account's lock itself (the lock guards against deletes
 * outside Terraform).
 */
const BOOTSTRAP_TEARDOWN_VARS: Record<Cloud, string> = {
  aws: '-var teardown=true',
  gcp: '-var teardown=true',
  azure: '',
};

/**
 * Refuses to run unless the current kubectl context is the cluster of ENV/CLOUD (AKS: az aks
 * command invoke names the cluster itself).
 */
const CLUSTER_CONTEXT_CHECK = [
  `\t@if [ "$(CLOUD)" != azure ]; then \\`,
  '\t  cluster="$$(terraform -chdir=$(TF_ROOT) output -raw cluster_name)"; \\',
  '\t  context="$$(kubectl config current-context)"; \\',
  '\t  case "$$context" in *"$$cluster"*) ;; *) echo "kubectl context $$context is not the cluster $$cluster of $(ENV)/$(CLOUD): run make k8s-credentials ENV=$(ENV) CLOUD=$(CLOUD)." >&2; exit 1 ;; esac; \\',
  '\tfi',
];

/** Shell `case` branches that point kubectl at a cluster; `$$cluster` and `$$region` are set before. */
function credentialsBranch(cloud: Cloud): string[] {
  switch (cloud) {
    case 'aws':
      return [
        '\t  aws) aws eks update-kubeconfig --name "$$cluster" --region "$$region" ;; \\',
      ];
    case 'gcp':
      return [
        // Zonal clusters (non-HA environments) live in a zone, not the region: prefer cluster_location.
        '\t  gcp) location="$$(terraform -chdir=$(TF_ROOT) output -raw cluster_location 2> /dev/null || echo "$$region")"; \\',
        // The DNS-based endpoint is reachable with IAM credentials while the IP endpoint stays private.
        // Each environment has its own project (Terraform output project_id).
        '\t    project="$$(terraform -chdir=$(TF_ROOT) output -raw project_id)"; \\',
        '\t    gcloud container clusters get-credentials "$$cluster" --location "$$location" --project "$$project" --dns-endpoint ;; \\',
      ];
    case 'azure':
      return [
        '\t  azure) group="$$(terraform -chdir=$(TF_ROOT) output -raw resource_group_name)"; \\',
        '\t    az aks get-credentials --name "$$cluster" --resource-group "$$group" --overwrite-existing; \\',
        '\t    kubelogin convert-kubeconfig --login azurecli ;; \\',
      ];
    default:
      return [];
  }
}

/**
 * `Makefile`: the commands people and CI run, so both run the same ones. Every target that acts on
 * one environment takes `ENV=` and `CLOUD=` and refuses values the stack does not have.
 */
export function renderMakefile(spec: StackSpec): string {
  const clouds = stackClouds(spec);
  const environments = stackEnvironments(spec);
  const hasAws = clouds.includes('aws');
  const hasAzure = clouds.includes('azure');
  const kubernetes = hasKubernetesTargets(spec);
  const roots = [
    ...clouds.map(cloud => `infra/bootstrap/${cloud}`),
    ...deploymentTargets(spec).map(
      target => `infra/envs/${target.environment}/${target.cloud}`,
    ),
  ];
  const overlays = kubernetesTargets(spec).map(
    target => `deploy/overlays/${target.environment}-${target.cloud}`,
  );
  const platforms = platformDirectories(spec);
  const example = `ENV=${environments[0]} CLOUD=${clouds[0]}`;

  const lines: string[] = [
    `# Makefile of ${spec.metadata.name}, rendered by Skyforge from skyforge.yaml.`,
    `# Usage: make <target> ENV=<environment> CLOUD=<cloud>, e.g. make tf-plan ${example}.`,
    '# `make help` lists the targets. CI runs the same targets (.github/workflows).',
    '',
    'SHELL := bash',
    '.SHELLFLAGS := -euo pipefail -c',
    '.DEFAULT_GOAL := help',
    '',
    `ENVS := ${environments.join(' ')}`,
    `CLOUDS := ${clouds.join(' ')}`,
    'ENV ?=',
    'CLOUD ?=',
    '',
    'TF_ROOT = infra/envs/$(ENV)/$(CLOUD)',
    ...(kubernetes ? ['OVERLAY = deploy/overlays/$(ENV)-$(CLOUD)'] : []),
    'PLAN_FILE = $(ENV)-$(CLOUD).tfplan',
    '# Extra arguments for terraform plan, e.g. TF_PLAN_ARGS=-lock=false for read-only identities.',
    'TF_PLAN_ARGS ?=',
    '',
    ...deployVariables(spec),
    ...deployDispatchVariables(spec),
    '',
    `TF_ROOTS := ${roots.join(' ')}`,
    ...(kubernetes ? [`OVERLAYS := ${overlays.join(' ')}`] : []),
    ...(platforms.length > 0
      ? [
          "# Cluster-level objects applied before the overlay: Backstage's health reader RBAC, and where the",
          '# cloud needs them, EKS Auto Mode node pools and IngressClass, the NVIDIA device plugin of AKS GPU pools.',
          'PLATFORM = deploy/platform/$(ENV)-$(CLOUD)',
          `PLATFORMS := ${platforms.join(' ')}`,
        ]
      : []),
    '',
  ];

  if (hasAws || hasAzure) {
    lines.push(
      '# Remote state storage created by infra/bootstrap/<cloud>. CI sets these from GitHub',
      '# variables; locally they default to the bootstrap outputs (evaluated only when used).',
    );
    if (hasAws) {
      lines.push(
        'TF_STATE_BUCKET ?= $(shell terraform -chdir=infra/bootstrap/aws output -raw tf_state_bucket 2>/dev/null)',
      );
    }
    if (hasAzure) {
      lines.push(
        'TF_STATE_ACCOUNT ?= $(shell terraform -chdir=infra/bootstrap/azure output -raw tf_state_account 2>/dev/null)',
      );
    }
    lines.push('');
  }

  lines.push(
    '# Backend settings that are not in backend.tf because they are only known after bootstrap.',
  );
  for (const cloud of clouds) {
    lines.push(`BACKEND_CONFIG_${cloud} = ${BACKEND_CONFIG[cloud]}`.trimEnd());
  }
  lines.push(
    '',
    '# What tf-destroy lifts before it destroys (deletion protection; buckets and registries may go',
    '# with their data), and what bootstrap-destroy lifts (the state buckets).',
  );
  for (const cloud of clouds) {
    lines.push(`TEARDOWN_VARS_${cloud} = ${TEARDOWN_VARS[cloud]}`);
  }
  for (const cloud of clouds) {
    lines.push(
      `BOOTSTRAP_TEARDOWN_VARS_${cloud} = ${BOOTSTRAP_TEARDOWN_VARS[cloud]}`.trimEnd(),
    );
  }
  lines.push(
    '# Extra arguments of tf-destroy and bootstrap-destroy, e.g. TF_DESTROY_ARGS="-input=false -auto-approve" in CI.',
    'TF_DESTROY_ARGS ?=',
    '',
    '# $(call one_of,VARIABLE,allowed values): stop with a clear message unless VARIABLE is exactly one of them.',
    `one_of = $(if $(and $(filter 1,$(words $($(1)))),$(filter $($(1)),$(2))),,$(error $(1) must be one of: $(2) (got "$($(1))"). Example: make <target> ${example}))`,
    '',
    `.PHONY: ${['check-target', ...makefileTargets(spec)].join(' ')}`,
    '',
    'help: ## List the targets',
    '\t@echo "Usage: make <target> ENV=<environment> CLOUD=<cloud>"',
    '\t@echo "  ENV:   $(ENVS)"',
    '\t@echo "  CLOUD: $(CLOUDS)"',
    '\t@echo',
    '\t@awk \'BEGIN { FS = ":.*## " } /^[a-z0-9-]+:.*## / { printf "  %-16s %s\\n", $$1, $$2 }\' $(MAKEFILE_LIST)',
    '',
    'check-target:',
    '\t$(call one_of,ENV,$(ENVS))',
    '\t$(call one_of,CLOUD,$(CLOUDS))',
    '',
    'tf-init: check-target ## Initialise the Terraform root of ENV/CLOUD against its remote state',
  );
  if (hasAws) {
    lines.push(
      '\t$(if $(filter aws,$(CLOUD)),$(if $(TF_STATE_BUCKET),,$(error TF_STATE_BUCKET is empty: set it to the tf_state_bucket output of infra/bootstrap/aws)))',
    );
  }
  if (hasAzure) {
    lines.push(
      '\t$(if $(filter azure,$(CLOUD)),$(if $(TF_STATE_ACCOUNT),,$(error TF_STATE_ACCOUNT is empty: set it to the tf_state_account output of infra/bootstrap/azure)))',
    );
  }
  lines.push(
    '\tterraform -chdir=$(TF_ROOT) init -input=false $(BACKEND_CONFIG_$(CLOUD))',
    '',
    'tf-plan: check-target ## Plan ENV/CLOUD into a plan file that tf-apply applies',
    '\tterraform -chdir=$(TF_ROOT) plan -input=false $(TF_PLAN_ARGS) -out=$(PLAN_FILE)',
    '',
    'tf-apply: check-target ## Apply exactly the plan that tf-plan wrote, then delete it',
    '\t@test -f $(TF_ROOT)/$(PLAN_FILE) || { echo "No plan file $(TF_ROOT)/$(PLAN_FILE): run make tf-plan ENV=$(ENV) CLOUD=$(CLOUD) first." >&2; exit 1; }',
    '\tterraform -chdir=$(TF_ROOT) apply -input=false $(PLAN_FILE)',
    '\trm -f $(TF_ROOT)/$(PLAN_FILE)',
    '',
    kubernetes
      ? '# The teardown of one environment (run make k8s-delete first). force_destroy and deletion protection'
      : '# The teardown of one environment. force_destroy and deletion protection',
    '# act from the state, so an apply writes the lifted values before destroy reads them.',
    'tf-destroy: check-target ## Lift the deletion protection of ENV/CLOUD (an apply), then destroy it',
    '\tterraform -chdir=$(TF_ROOT) apply $(TF_DESTROY_ARGS) $(TEARDOWN_VARS_$(CLOUD))',
    '\tterraform -chdir=$(TF_ROOT) destroy $(TF_DESTROY_ARGS) $(TEARDOWN_VARS_$(CLOUD))',
    '',
    '# Last, from the workstation that holds the bootstrap state: refuses while any environment of',
    "# CLOUD still has resources in its state, then lifts the state buckets' guard and destroys.",
    'bootstrap-destroy: ## Destroy infra/bootstrap/CLOUD (state storage, CI identities) after every environment of CLOUD',
    '\t$(call one_of,CLOUD,$(CLOUDS))',
    '\t@test -f infra/bootstrap/$(CLOUD)/terraform.tfstate || { echo "infra/bootstrap/$(CLOUD)/terraform.tfstate is missing: run this where the bootstrap was applied, or copy its state back there first." >&2; exit 1; }',
    '\t@for env in $(ENVS); do \\',
    '\t  $(MAKE) --no-print-directory tf-init ENV=$$env CLOUD=$(CLOUD) > /dev/null; \\',
    '\t  resources="$$(terraform -chdir=infra/envs/$$env/$(CLOUD) state list)"; \\',
    '\t  if [ -n "$$resources" ]; then \\',
    '\t    echo "infra/envs/$$env/$(CLOUD) still has resources: destroy it first (make tf-destroy ENV=$$env CLOUD=$(CLOUD))." >&2; exit 1; \\',
    '\t  fi; \\',
    '\tdone',
    '\t$(if $(BOOTSTRAP_TEARDOWN_VARS_$(CLOUD)),terraform -chdir=infra/bootstrap/$(CLOUD) apply $(TF_DESTROY_ARGS) $(BOOTSTRAP_TEARDOWN_VARS_$(CLOUD)))',
    '\tterraform -chdir=infra/bootstrap/$(CLOUD) destroy $(TF_DESTROY_ARGS) $(BOOTSTRAP_TEARDOWN_VARS_$(CLOUD))',
  );
  if (kubernetes) lines.push(...clusterSetupTargets(spec));
  lines.push(...databaseUserTarget(spec), ...grafanaDashboardTarget(spec));
  lines.push(...(kubernetes ? clusterDeployTargets(spec) : ['']));
  lines.push(
    ...deployTargets(spec),
    ...deployDispatchTargets(spec),
    ...composeTargets(spec),
    ...catalogRegistrationTarget(spec),
    '',
    `validate: ## Check formatting, validate and test every Terraform root${
      kubernetes ? ' and build every overlay' : ''
    } (no cloud access)`,
    '\tterraform fmt -check -recursive infra',
    '\t@for root in $(TF_ROOTS); do \\',
    '\t  echo "terraform validate $$root"; \\',
    '\t  terraform -chdir=$$root init -backend=false -input=false > /dev/null; \\',
    '\t  terraform -chdir=$$root validate; \\',
    '\t  if [ -d $$root/tests ]; then terraform -chdir=$$root test; fi; \\',
    '\tdone',
    ...(kubernetes
      ? [
          `\t@for overlay in $(OVERLAYS)${
            platforms.length > 0 ? ' $(PLATFORMS)' : ''
          }; do \\`,
          '\t  echo "kubectl kustomize $$overlay"; \\',
          '\t  kubectl kustomize $$overlay > /dev/null; \\',
          '\tdone',
        ]
      : []),
  );
  return `${lines.join('\n')}\n`;
}

/** The targets that prepare a cluster and its overlay: credentials, identity, certificate, services. */
function clusterSetupTargets(spec: StackSpec): string[] {
  const clouds = stackClouds(spec);
  const hasAzure = clouds.includes('azure');
  const awsTls = clouds.includes('aws') && ingressHasTls(spec);
  const lines: string[] = [
    '',
    'k8s-credentials: check-target ## Point kubectl at the cluster of ENV/CLOUD (needs tf-init)',
    '\t@cluster="$$(terraform -chdir=$(TF_ROOT) output -raw cluster_name)"; \\',
    '\tregion="$$(terraform -chdir=$(TF_ROOT) output -raw region)"; \\',
    '\tcase "$(CLOUD)" in \\',
    ...clouds.flatMap(cloud => credentialsBranch(cloud)),
    '\tesac',
    '',
  ];

  lines.push(
    'k8s-identity: check-target ## Azure: write the app identity client ID into the overlay (needs tf-init)',
  );
  if (hasAzure) {
    lines.push(
      '\t$(if $(filter azure,$(CLOUD)),,$(error k8s-identity is only needed for CLOUD=azure; AWS and GCP identities need no deploy-time value))',
      `\tclient_id="$$(terraform -chdir=$(TF_ROOT) output -raw app_identity_client_id)"; \\`,
      `\tprintf '${AZURE_CLIENT_ID_KEY}=%s\\n' "$$client_id" > $(OVERLAY)/${AZURE_WORKLOAD_IDENTITY_ENV_FILE}`,
    );
  } else {
    lines.push(
      '\t@echo "Nothing to do: only Azure needs a deploy-time identity value."',
    );
  }

  lines.push(
    '',
    'k8s-certificate: check-target ## AWS: write the ACM certificate ARN into the overlay (needs tf-init)',
  );
  if (awsTls) {
    lines.push(
      '\t$(if $(filter aws,$(CLOUD)),,$(error k8s-certificate is only needed for CLOUD=aws; the other clouds attach their certificates themselves))',
      '\tarn="$$(terraform -chdir=$(TF_ROOT) output -raw certificate_arn)"; \\',
      `\tprintf '${AWS_CERTIFICATE_ARN_KEY}=%s\\n' "$$arn" > $(OVERLAY)/${AWS_CERTIFICATE_ENV_FILE}`,
    );
  } else {
    lines.push(
      '\t@echo "Nothing to do: only AWS stacks that serve HTTPS need a deploy-time certificate ARN."',
    );
  }
  lines.push(
    '',
    '# The endpoints and names the application reads (deploy/overlays/<env>-<cloud>/services.env),',
    '# from the outputs of the Terraform root; jq fails on a missing output, and the file is replaced',
    '# only once every value is there.',
    'k8s-services: check-target ## Write the Terraform outputs the application reads into the overlay (needs tf-init)',
    '\t@mkdir -p $(BUILD)',
    '\tterraform -chdir=$(TF_ROOT) output -json > $(BUILD)/outputs.json',
    '\tcase "$(CLOUD)" in \\',
    ...clouds.map(
      cloud =>
        `\t  ${cloud}) jq -r '${servicesJqProgram(
          spec,
          cloud,
        )}' $(BUILD)/outputs.json ;; \\`,
    ),
    `\tesac > $(BUILD)/${SERVICES_ENV_FILE}`,
    `\tmv $(BUILD)/${SERVICES_ENV_FILE} $(OVERLAY)/${SERVICES_ENV_FILE}`,
    '\trm -f $(BUILD)/outputs.json',
  );
  return lines;
}

/** The targets that build, diff, apply and delete the manifests of a cluster. */
function clusterDeployTargets(spec: StackSpec): string[] {
  const clouds = stackClouds(spec);
  const hasAzure = clouds.includes('azure');
  const awsTls = clouds.includes('aws') && ingressHasTls(spec);
  const platforms = platformDirectories(spec);
  return [
    '',
    'k8s-build: check-target ## Print the Kubernetes manifests of ENV/CLOUD',
    ...(platforms.length > 0
      ? [
          '\t@if [ -d $(PLATFORM) ]; then kubectl kustomize $(PLATFORM); echo ---; fi',
        ]
      : []),
    '\tkubectl kustomize $(OVERLAY)',
    '',
    'k8s-diff: check-target ## Show what k8s-apply would change on the current kubectl context',
    ...(platforms.length > 0
      ? [
          '\t@if [ -d $(PLATFORM) ]; then kubectl kustomize $(PLATFORM) | kubectl diff --server-side --field-manager=skyforge -f - || test $$? -eq 1; fi',
        ]
      : []),
    '\tkubectl kustomize $(OVERLAY) | kubectl diff --server-side --field-manager=skyforge -f - || test $$? -eq 1',
    '',
    '# Refuses to run unless the current kubectl context is the cluster of ENV/CLOUD, so prod',
    '# manifests never land on another cluster by accident (AKS: az aks command invoke names the',
    '# cluster itself). Server-side apply with an ApplySet: objects a previous apply created that the',
    '# overlay no longer has are pruned.',
    'k8s-apply: check-target ## Apply the manifests of ENV/CLOUD to its cluster and prune removed objects',
    `\t@if grep -q '=${SERVICES_PLACEHOLDER_PREFIX}' $(OVERLAY)/${SERVICES_ENV_FILE}; then \\`,
    `\t  echo "$(OVERLAY)/${SERVICES_ENV_FILE} still holds placeholders: run make k8s-services ENV=$(ENV) CLOUD=$(CLOUD) first." >&2; exit 1; \\`,
    '\tfi',
    ...imagePlaceholderCheck(spec),
    ...(hasAzure
      ? [
          `\t@if [ "$(CLOUD)" = azure ] && grep -qx '${AZURE_CLIENT_ID_KEY}=${AZURE_CLIENT_ID_PLACEHOLDER}' $(OVERLAY)/${AZURE_WORKLOAD_IDENTITY_ENV_FILE}; then \\`,
          `\t  echo "$(OVERLAY)/${AZURE_WORKLOAD_IDENTITY_ENV_FILE} still holds the placeholder client ID: run make k8s-identity ENV=$(ENV) CLOUD=azure first." >&2; exit 1; \\`,
          '\tfi',
        ]
      : []),
    ...(awsTls
      ? [
          `\t@if [ "$(CLOUD)" = aws ] && grep -q ':${AWS_PLACEHOLDER_ACCOUNT}:certificate/' $(OVERLAY)/${AWS_CERTIFICATE_ENV_FILE}; then \\`,
          `\t  echo "$(OVERLAY)/${AWS_CERTIFICATE_ENV_FILE} still holds the placeholder certificate ARN: run make k8s-certificate ENV=$(ENV) CLOUD=aws first." >&2; exit 1; \\`,
          '\tfi',
        ]
      : []),
    ...CLUSTER_CONTEXT_CHECK,
    '\t@mkdir -p $(BUILD)',
    ...(platforms.length > 0
      ? [
          '\tif [ -d $(PLATFORM) ]; then kubectl kustomize $(PLATFORM) > $(BUILD)/platform.yaml; $(call in_cluster,kubectl apply --server-side --field-manager=skyforge -f platform.yaml,platform.yaml); fi',
        ]
      : []),
    '\tkubectl kustomize $(OVERLAY) > $(BUILD)/manifests.yaml',
    '\t$(call in_cluster,kubectl create namespace $(NAMESPACE) --dry-run=client --output yaml | kubectl apply --server-side --field-manager=skyforge -f - && KUBECTL_APPLYSET=true kubectl apply --server-side --field-manager=skyforge --namespace $(NAMESPACE) --prune --applyset=$(APPLYSET) -f manifests.yaml,manifests.yaml)',
    '',
    '# The first step of a teardown: deletes what k8s-apply applied and the namespace, so the cloud',
    '# releases what the cluster created outside Terraform (the load balancers of Ingresses and',
    '# Services, the volumes of claims) before tf-destroy removes the network under them.',
    'k8s-delete: check-target ## Delete the workloads of ENV/CLOUD (overlay, namespace, platform objects) before tf-destroy',
    ...CLUSTER_CONTEXT_CHECK,
    '\t@mkdir -p $(BUILD)',
    '\tkubectl kustomize $(OVERLAY) > $(BUILD)/manifests.yaml',
    '\t$(call in_cluster,kubectl delete --ignore-not-found --wait --timeout=$(ROLLOUT_TIMEOUT) -f manifests.yaml && kubectl delete namespace $(NAMESPACE) --ignore-not-found --wait --timeout=$(ROLLOUT_TIMEOUT),manifests.yaml)',
    ...(platforms.length > 0
      ? [
          '\tif [ -d $(PLATFORM) ]; then kubectl kustomize $(PLATFORM) > $(BUILD)/platform.yaml; $(call in_cluster,kubectl delete --ignore-not-found --wait --timeout=$(ROLLOUT_TIMEOUT) -f platform.yaml,platform.yaml); fi',
        ]
      : []),
    '',
  ];
}
