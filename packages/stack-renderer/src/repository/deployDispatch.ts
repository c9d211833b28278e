import {
  deploymentTargets,
  hasKubernetesTargets,
} from '../spec/deploymentTargets';
import { runsKubernetes } from '../spec/computeTarget';
import type { Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import type { FileTree } from '../types';
import { awsServerlessScript } from './awsServerlessScript';
import { cloudRunScript } from './cloudRunScript';
import { containerAppsScript } from './containerAppsScript';

/** The targets that deploy, smoke-check and roll back on either compute target, in `make help` order. */
export const DEPLOY_DISPATCH_TARGETS = ['deploy', 'smoke', 'rollback'] as const;

/**
 * The script that deploys to and rolls back the serverless service of one cloud: the one
 * per-cloud piece of `make deploy` / `make rollback` on serverless targets.
 */
const SERVERLESS_SCRIPTS: Record<Cloud, () => string> = {
  aws: awsServerlessScript,
  gcp: cloudRunScript,
  azure: containerAppsScript,
};

/** `scripts/serverless-<cloud>.sh`, which make deploy and make rollback call. */
export function serverlessScriptPath(cloud: Cloud | '$(CLOUD)'): string {
  return `scripts/serverless-${cloud}.sh`;
}

/** The clouds the stack runs serverless on. */
function serverlessClouds(spec: StackSpec): Cloud[] {
  return [
    ...new Set(
      deploymentTargets(spec)
        .filter(target => !runsKubernetes(target))
        .map(target => target.cloud),
    ),
  ];
}

/** The serverless deploy scripts of the stack, one per cloud it runs serverless on. */
export function serverlessScripts(spec: StackSpec): FileTree {
  return Object.fromEntries(
    serverlessClouds(spec).map(cloud => [
      serverlessScriptPath(cloud),
      SERVERLESS_SCRIPTS[cloud](),
    ]),
  );
}

/** Whether any target of the stack runs serverless. */
export function hasServerlessTargets(spec: StackSpec): boolean {
  return serverlessClouds(spec).length > 0;
}

/** The end of the help line of image-push and push-image: where the pushed digest is pinned. */
export function pinnedDigestHelp(spec: StackSpec): string {
  const serverless = hasServerlessTargets(spec);
  if (!serverless) return 'pin the overlay to its digest';
  return deploymentTargets(spec).every(target => !runsKubernetes(target))
    ? 'pin its digest for make deploy'
    : 'pin its digest (the overlay, or make deploy on serverless targets)';
}

/**
 * The recipe lines that pin a pushed image: `k8s-image` writes the overlay's image component; a
 * serverless target has no overlay, so the reference goes to $(BUILD)/image, which make deploy
 * reads. `repository` and `digest` are shell expressions of the recipe.
 */
export function pinDigestLines(
  spec: StackSpec,
  image: { repository: string; digest: string },
): string[] {
  const k8sImage = `$(MAKE) --no-print-directory k8s-image ENV=$(ENV) CLOUD=$(CLOUD) IMAGE_REPOSITORY="${image.repository}" DIGEST="${image.digest}"`;
  if (!hasServerlessTargets(spec)) return [`\t${k8sImage}`];
  const reference = `${image.repository}@${image.digest}`;
  if (!hasKubernetesTargets(spec))
    return [
      `\techo "${reference}" > $(BUILD)/image; echo "$(ENV)/$(CLOUD): make deploy deploys ${reference}"`,
    ];
  return [
    `\tif [ "$(COMPUTE)" = serverless ]; then echo "${reference}" > $(BUILD)/image; echo "$(ENV)/$(CLOUD): make deploy deploys ${reference}"; \\`,
    `\telse ${k8sImage}; fi`,
  ];
}

/**
 * Cloud Run and Container Apps admit internet traffic only behind a host with TLS (the load
 * balancer, the external environment); without one nothing outside their network reaches them, so
 * `make smoke` says what it cannot check there instead of failing a release that passed its probes.
 */
function internalSmoke(spec: StackSpec): string[] {
  const { host, tls } = spec.spec.app.ingress;
  const internal = serverlessClouds(spec).filter(cloud => cloud !== 'aws');
  if ((host && tls) || internal.length === 0) return [];
  return [
    `\t    if [ "$(CLOUD)" != aws ]; then echo "::warning::$(ENV)/$(CLOUD) admits only traffic from its own network (spec.app.ingress has no host with TLS): nothing outside it can request $(SMOKE_URL), so make deploy, which waited until the new revision passed its probes, is the health check."; exit 0; fi; \\`,
  ];
}

/** The Makefile variables of the dispatch: where each ENV/CLOUD runs, and the image to deploy. */
export function deployDispatchVariables(spec: StackSpec): string[] {
  return [
    '# Where ENV/CLOUD runs the application (spec.compute): make deploy and make rollback follow it.',
    ...deploymentTargets(spec).map(
      target =>
        `COMPUTE_${target.environment}_${target.cloud} := ${target.compute}`,
    ),
    'COMPUTE = $(COMPUTE_$(ENV)_$(CLOUD))',
    '# The image make deploy deploys: empty deploys what image-push pinned last.',
    'IMAGE ?=',
  ];
}

/**
 * `make deploy` and `make rollback`, the same commands for both compute targets (and what the
 * apply workflow runs). Kubernetes: pin IMAGE in the overlay when given (through the registry
 * when the stack has one), apply the overlay and wait for the rollout; rollback undoes the
 * Deployment's last rollout. Serverless: the cloud's script registers a revision with IMAGE and
 * waits until the service is stable; rollback returns to the previous revision.
 */
export function deployDispatchTargets(spec: StackSpec): string[] {
  const pin = spec.spec.services.registry ? 'image-push' : 'k8s-image';
  const serverless = hasServerlessTargets(spec);
  const kubernetes = hasKubernetesTargets(spec);
  const make = (target: string, extra = '') =>
    `$(MAKE) --no-print-directory ${target} ENV=$(ENV) CLOUD=$(CLOUD)${extra}`;
  return [
    'deploy: check-target ## Deploy IMAGE to ENV/CLOUD and wait until it is healthy (Kubernetes or serverless, as spec.compute says)',
    '\t@case "$(COMPUTE)" in \\',
    ...(kubernetes
      ? [
          `\t  kubernetes) $(if $(IMAGE),${make(
            pin,
            ' SOURCE_IMAGE="$(IMAGE)"',
          )} && )${make('k8s-apply')} && ${make('k8s-verify')} ;; \\`,
        ]
      : []),
    ...(serverless
      ? [
          `\t  serverless) image="$(IMAGE)"; if [ -z "$$image" ] && [ -f $(BUILD)/image ]; then image="$$(cat $(BUILD)/image)"; fi; \\`,
          `\t    bash ${serverlessScriptPath(
            '$(CLOUD)',
          )} deploy $(TF_ROOT) "$$image" ;; \\`,
        ]
      : []),
    '\tesac',
    '',
    'smoke: check-target ## Request the health path of the new release (SMOKE_URL): through the Ingress, or where the serverless platform serves it before the custom host is live',
    '\t@case "$(COMPUTE)" in \\',
    ...(kubernetes ? [`\t  kubernetes) ${make('k8s-smoke')} ;; \\`] : []),
    ...(serverless
      ? [
          // The custom host may not answer yet (DNS, certificate, domain binding): the script asks
          // the load balancer or the app's platform name, and only warns about the host.
          '\t  serverless) if [ -z "$(SMOKE_URL)" ]; then echo "SMOKE_URL is empty: the stack has no host; set SMOKE_URL to the health URL." >&2; exit 1; fi; \\',
          ...internalSmoke(spec),
          `\t    bash ${serverlessScriptPath(
            '$(CLOUD)',
          )} smoke $(TF_ROOT) "$(SMOKE_URL)" ;; \\`,
        ]
      : []),
    '\tesac',
    '',
    'rollback: check-target ## Roll ENV/CLOUD back to the release before the current one and wait for it',
    '\t@case "$(COMPUTE)" in \\',
    ...(kubernetes ? [`\t  kubernetes) ${make('k8s-rollback')} ;; \\`] : []),
    ...(serverless
      ? [
          `\t  serverless) bash ${serverlessScriptPath(
            '$(CLOUD)',
          )} rollback $(TF_ROOT) ;; \\`,
        ]
      : []),
    '\tesac',
    '',
  ];
}
