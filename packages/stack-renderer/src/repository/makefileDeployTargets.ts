import {
  IMAGE_COMPONENT_DIRECTORY,
  IMAGE_DIGEST_PLACEHOLDER,
  parseImageReference,
} from '../kustomize/appImage';
import { kustomizeNames } from '../kustomize/kustomizeNames';
import type { StackSpec } from '../spec/stackSpec';
import { EKS_TUNNEL_PORT } from '../terraform/aws/awsClusterAccessModule';
import {
  hasKubernetesTargets,
  kubernetesTargets,
  stackClouds,
} from '../spec/deploymentTargets';
import { pushImageTarget } from './pushImageScript';
import { pinDigestLines, pinnedDigestHelp } from './deployDispatch';

/** The deploy targets this file adds to the Makefile, in `make help` order. */
export const DEPLOY_TARGETS = [
  'image-push',
  'push-image',
  'k8s-image',
  'k8s-tunnel',
  'k8s-verify',
  'k8s-smoke',
  'k8s-rollback',
] as const;

/** The ApplySet parent (a ConfigMap in the application namespace) that tracks what k8s-apply applied. */
export function applySetName(spec: StackSpec): string {
  return `${kustomizeNames(spec).app}-applyset`;
}

/**
 * Variables of the deploy targets. `in_cluster` runs a command against the cluster of ENV/CLOUD
 * from $(BUILD): on AKS, whose API server only its VNet reaches, through `az aks command invoke`
 * (Azure runs the command in a pod of the cluster with the caller's Entra token and uploads the
 * files named after it); elsewhere with the local kubectl, which k8s-credentials (GKE's DNS
 * endpoint) or k8s-tunnel (EKS) pointed at the cluster.
 */
export function deployVariables(spec: StackSpec): string[] {
  const names = kustomizeNames(spec);
  const { host, tls } = spec.spec.app.ingress;
  const kubernetes = hasKubernetesTargets(spec);
  return [
    ...(kubernetes
      ? [
          `NAMESPACE := ${names.namespace}`,
          `APP := ${names.app}`,
          `APPLYSET := configmaps/${applySetName(spec)}`,
          '# Where k8s-apply writes the built manifests it sends to the cluster.',
        ]
      : ['# Where the deploy targets keep what they write for ENV/CLOUD.']),
    'BUILD = .build/$(ENV)-$(CLOUD)',
    '# The image to deploy: what the stack names, or a release such as SOURCE_IMAGE=ghcr.io/acme/app@sha256:...',
    `SOURCE_IMAGE ?= ${spec.spec.app.image}`,
    ...(kubernetes ? ['ROLLOUT_TIMEOUT ?= 10m'] : []),
    "# What make smoke checks: the health path at the app's host (serverless targets ask the platform's own address first).",
    host
      ? `SMOKE_URL ?= ${tls ? 'https' : 'http'}://${host}${
          spec.spec.app.healthPath
        }`
      : 'SMOKE_URL ?=',
    ...(kubernetes ? inClusterVariables(spec) : []),
  ];
}

/** `in_cluster` (see deployVariables): through `az aks command invoke` where the stack runs AKS. */
function inClusterVariables(spec: StackSpec): string[] {
  const aks = kubernetesTargets(spec).some(target => target.cloud === 'azure');
  if (!aks) return ['in_cluster = cd $(BUILD) && $(1)'];
  return [
    'AKS_INVOKE = az aks command invoke --resource-group "$$(terraform -chdir=$(CURDIR)/$(TF_ROOT) output -raw resource_group_name)" --name "$$(terraform -chdir=$(CURDIR)/$(TF_ROOT) output -raw cluster_name)" --output json',
    "in_cluster = cd $(BUILD) && $(if $(filter azure,$(CLOUD)),$(AKS_INVOKE) --command '$(1)' $(foreach file,$(2),--file $(file)) > invoke.json; jq -r .logs invoke.json; jq -e '.exitCode == 0' invoke.json > /dev/null,$(1))",
  ];
}

/** The recipes of the deploy targets. */
export function deployTargets(spec: StackSpec): string[] {
  const clouds = stackClouds(spec);
  const registry = spec.spec.services.registry;
  const source = parseImageReference(spec.spec.app.image).repository;
  const component = `$(OVERLAY)/${IMAGE_COMPONENT_DIRECTORY}/kustomization.yaml`;
  const lines: string[] = [];

  lines.push(
    `image-push: check-target ## Copy SOURCE_IMAGE into the registry of ENV/CLOUD and ${pinnedDigestHelp(
      spec,
    )}`,
  );
  if (registry) {
    lines.push(
      '\t@mkdir -p $(BUILD)',
      '\trepository="$$(terraform -chdir=$(TF_ROOT) output -raw image_repository)"; \\',
      // IMAGE_TAG: the apply workflow tags a built image with its commit; else the source's tag.
      '\tsource="$(SOURCE_IMAGE)"; tag="$(IMAGE_TAG)"; if [ -z "$$tag" ]; then tag="$${source##*[:@]}"; tag="$${tag:0:64}"; fi; \\',
      '\tcase "$(CLOUD)" in \\',
      ...(clouds.includes('aws')
        ? [
            '\t  aws) aws ecr get-login-password --region "$$(terraform -chdir=$(TF_ROOT) output -raw region)" | docker login --username AWS --password-stdin "$${repository%%/*}" ;; \\',
          ]
        : []),
      ...(clouds.includes('gcp')
        ? [
            '\t  gcp) gcloud auth print-access-token | docker login --username oauth2accesstoken --password-stdin "https://$${repository%%/*}" ;; \\',
          ]
        : []),
      ...(clouds.includes('azure')
        ? [
            // ACR has no public endpoint: ACR itself pulls the source (trusted-service bypass).
            // SOURCE_REGISTRY_PASSWORD: a token for a private source (the workflow's, for GHCR).
            '\t  azure) az acr import --name "$$(terraform -chdir=$(TF_ROOT) output -raw registry_name)" --source "$$source" --image "$${repository#*/}:$$tag" --force \\',
            '\t      $${SOURCE_REGISTRY_PASSWORD:+--username "$${GITHUB_ACTOR:-token}" --password "$$SOURCE_REGISTRY_PASSWORD"} ;; \\',
          ]
        : []),
      '\tesac; \\',
      '\tif [ "$(CLOUD)" = azure ]; then \\',
      '\t  digest="$$(docker buildx imagetools inspect "$$source" --format "{{json .Manifest.Digest}}" | tr -d \'"\')"; \\',
      '\telif docker buildx imagetools inspect "$$repository:$$tag" > /dev/null 2>&1; then \\',
      // Immutable tags: an existing tag is never overwritten, its digest is what runs.
      '\t  digest="$$(docker buildx imagetools inspect "$$repository:$$tag" --format "{{json .Manifest.Digest}}" | tr -d \'"\')"; \\',
      '\telse \\',
      // A carbon copy: the same manifest (and digest) as the source, never a new index around it.
      '\t  docker buildx imagetools create --prefer-index=false --tag "$$repository:$$tag" "$$source"; \\',
      '\t  digest="$$(docker buildx imagetools inspect "$$repository:$$tag" --format "{{json .Manifest.Digest}}" | tr -d \'"\')"; \\',
      '\tfi; \\',
      // BUILD_DIGEST: what the build job produced; the registry must hold exactly those bytes.
      '\tif [ -n "$(BUILD_DIGEST)" ] && [ "$$digest" != "$(BUILD_DIGEST)" ]; then echo "$$repository:$$tag is $$digest, not the built $(BUILD_DIGEST) (an immutable tag holds other bytes)." >&2; exit 1; fi; \\',
      ...pinDigestLines(spec, {
        repository: '$$repository',
        digest: '$$digest',
      }),
      '',
    );
  } else {
    lines.push(
      hasKubernetesTargets(spec)
        ? '\t@echo "The stack has no registry: make k8s-image pins SOURCE_IMAGE itself." >&2; exit 1'
        : '\t@echo "The stack has no registry: make deploy IMAGE=<image> deploys the image itself." >&2; exit 1',
      '',
    );
  }

  lines.push(...pushImageTarget(spec));
  if (!hasKubernetesTargets(spec)) return lines;

  lines.push(
    'k8s-image: check-target ## Pin the overlay of ENV/CLOUD to DIGEST (or to the digest SOURCE_IMAGE resolves to)',
    ...(registry
      ? [
          '\t$(if $(IMAGE_REPOSITORY),,$(eval IMAGE_REPOSITORY := $(shell terraform -chdir=$(TF_ROOT) output -raw image_repository)))',
        ]
      : [`\t$(eval IMAGE_REPOSITORY ?= ${source})`]),
    '\t@digest="$(DIGEST)"; \\',
    '\tif [ -z "$$digest" ]; then digest="$$(docker buildx imagetools inspect "$(SOURCE_IMAGE)" --format "{{json .Manifest.Digest}}" | tr -d \'"\')"; fi; \\',
    '\tif ! [[ "$$digest" =~ ^sha256:[a-f0-9]{64}$$ ]]; then echo "DIGEST must be sha256:<64 hex digits> (got \\"$$digest\\")." >&2; exit 1; fi; \\',
    "\tprintf '%s\\n' '# Written by make k8s-image: the image this overlay deploys, pinned by digest.' \\",
    "\t  'apiVersion: kustomize.config.k8s.io/v1alpha1' 'kind: Component' 'images:' \\",
    `\t  '  - name: ${source}' "    newName: $(IMAGE_REPOSITORY)" "    digest: $$digest" > ${component}; \\`,
    `\techo "$(ENV)/$(CLOUD) deploys $(IMAGE_REPOSITORY)@$$digest"; \\`,
    '\tif [ -n "$${GITHUB_STEP_SUMMARY:-}" ]; then echo "$(ENV)/$(CLOUD) deploys $(IMAGE_REPOSITORY)@$$digest" >> "$$GITHUB_STEP_SUMMARY"; fi',
    '',
  );

  lines.push(
    `k8s-tunnel: check-target ## AWS: forward 127.0.0.1:${EKS_TUNNEL_PORT} to the private EKS endpoint through the SSM relay, and point kubectl at it`,
  );
  if (clouds.includes('aws')) {
    lines.push(
      '\t$(if $(filter aws,$(CLOUD)),,$(error k8s-tunnel is only needed for CLOUD=aws: GKE has a DNS endpoint and AKS runs kubectl through az aks command invoke))',
      '\t@mkdir -p $(BUILD)',
      '\t@endpoint="$$(terraform -chdir=$(TF_ROOT) output -raw cluster_endpoint)"; host="$${endpoint#https://}"; \\',
      '\tcluster="$$(terraform -chdir=$(TF_ROOT) output -raw cluster_name)"; region="$$(terraform -chdir=$(TF_ROOT) output -raw region)"; \\',
      '\tnohup aws ssm start-session --region "$$region" --target "$$(terraform -chdir=$(TF_ROOT) output -raw api_proxy_instance_id)" \\',
      `\t  --document-name AWS-StartPortForwardingSessionToRemoteHost --parameters "host=$$host,portNumber=443,localPortNumber=${EKS_TUNNEL_PORT}" \\`,
      '\t  > $(BUILD)/tunnel.log 2>&1 & echo $$! > $(BUILD)/tunnel.pid; \\',
      `\tfor attempt in $$(seq 1 30); do (exec 3<>/dev/tcp/127.0.0.1/${EKS_TUNNEL_PORT}) 2> /dev/null && break; sleep 2; done; \\`,
      `\t(exec 3<>/dev/tcp/127.0.0.1/${EKS_TUNNEL_PORT}) 2> /dev/null || { cat $(BUILD)/tunnel.log >&2; echo "The SSM tunnel to $$host did not open." >&2; exit 1; }; \\`,
      '\taws eks update-kubeconfig --name "$$cluster" --region "$$region"; \\',
      // The certificate names the endpoint host; only the address changes.
      `\tkubectl config set-cluster "$$(kubectl config view --minify -o jsonpath='{.clusters[0].name}')" --server "https://127.0.0.1:${EKS_TUNNEL_PORT}" --tls-server-name "$$host"`,
      '',
    );
  } else {
    lines.push(
      '\t@echo "Nothing to do: only EKS needs a tunnel to its private endpoint."',
      '',
    );
  }

  const rollout = `kubectl --namespace $(NAMESPACE) rollout status deployment/$(APP) --timeout=$(ROLLOUT_TIMEOUT)`;
  lines.push(
    '# Verification after a deploy: the rollout completes (every new pod passed its readiness probe',
    '# within ROLLOUT_TIMEOUT), and the Service has ready endpoints behind it.',
    'k8s-verify: check-target ## Wait for the rollout of ENV/CLOUD and check that the Service has ready endpoints',
    '\t@mkdir -p $(BUILD)',
    `\t$(call in_cluster,${rollout} && kubectl --namespace $(NAMESPACE) get endpointslices --selector kubernetes.io/service-name=$(APP) --output jsonpath={.items[*].endpoints[*].conditions.ready} | grep -qw true)`,
    '',
    'k8s-smoke: check-target ## Request the health path through the Ingress (SMOKE_URL), retrying while the load balancer comes up',
    '\t@if [ -z "$(SMOKE_URL)" ]; then echo "SMOKE_URL is empty: the stack has no Ingress host; set SMOKE_URL to the load balancer address." >&2; exit 1; fi',
    '\tcurl --fail --silent --show-error --max-time 10 --retry 30 --retry-delay 10 --retry-all-errors --output /dev/null "$(SMOKE_URL)"',
    '',
    'k8s-rollback: check-target ## Roll the Deployment of ENV/CLOUD back to its previous revision and wait for it',
    '\t@mkdir -p $(BUILD)',
    `\t$(call in_cluster,kubectl --namespace $(NAMESPACE) rollout undo deployment/$(APP) && ${rollout})`,
    '',
  );
  return lines;
}

/** The placeholder digest k8s-apply refuses, with the target that replaces it. */
export function imagePlaceholderCheck(spec: StackSpec): string[] {
  const component = `$(OVERLAY)/${IMAGE_COMPONENT_DIRECTORY}/kustomization.yaml`;
  const fix = spec.spec.services.registry ? 'image-push' : 'k8s-image';
  return [
    `\t@if grep -q '${IMAGE_DIGEST_PLACEHOLDER}' ${component}; then \\`,
    `\t  echo "${component} still pins the placeholder digest: run make ${fix} ENV=$(ENV) CLOUD=$(CLOUD) first." >&2; exit 1; \\`,
    '\tfi',
  ];
}
