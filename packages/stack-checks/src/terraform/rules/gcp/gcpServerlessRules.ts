import type { HclJsonBody, TerraformRule } from '../../types';
import { blocks, expectOneOf, expectPresent, lookup } from '../ruleHelpers';

/** Variable names that carry credentials (the renderer refuses them in spec.app.env as well). */
const SECRET_NAME =
  /PASSWORD|SECRET|TOKEN|API_?KEY|PRIVATE_KEY|ACCESS_KEY|CREDENTIAL|CONNECTION_STRING|AUTH/i;

/** The containers of a Cloud Run v2 service's template. */
function containers(service: HclJsonBody): HclJsonBody[] {
  return blocks(service, 'template').flatMap(template =>
    blocks(template, 'containers'),
  );
}

/** Cloud Run v2 services. */
export const GCP_SERVERLESS_RULES: readonly TerraformRule[] = [
  {
    id: 'SKYFORGE_GCP_CLOUD_RUN_INGRESS',
    title:
      'Cloud Run service not reachable from the internet except through a load balancer',
    cloud: 'gcp',
    resourceTypes: ['google_cloud_run_v2_service'],
    // INGRESS_TRAFFIC_ALL (the default) serves the run.app URL to the internet, past any load
    // balancer, Cloud Armor policy or TLS policy in front of it.
    check: ({ resource }) =>
      expectOneOf(
        resource.body,
        'ingress',
        [
          'INGRESS_TRAFFIC_INTERNAL_ONLY',
          'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER',
        ],
        'INGRESS_TRAFFIC_ALL',
      ),
  },
  {
    id: 'SKYFORGE_GCP_CLOUD_RUN_INVOKER_BEHIND_LB',
    title:
      'Cloud Run invoker check turned off only behind a load balancer (ingress internal-and-load-balancing)',
    cloud: 'gcp',
    resourceTypes: ['google_cloud_run_v2_service'],
    check: ({ resource }) => {
      const disabled = lookup(resource.body, 'invoker_iam_disabled');
      if (disabled.state !== 'value' || String(disabled.value) !== 'true')
        return undefined;
      return expectOneOf(
        resource.body,
        'ingress',
        ['INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER'],
        'INGRESS_TRAFFIC_ALL',
      );
    },
  },
  {
    id: 'SKYFORGE_GCP_CLOUD_RUN_OWN_IDENTITY',
    title:
      'Cloud Run service runs as its own service account, not the Compute Engine default',
    cloud: 'gcp',
    resourceTypes: ['google_cloud_run_v2_service'],
    check: ({ resource }) => {
      const template = blocks(resource.body, 'template')[0];
      if (!template) return 'template is not set';
      const missing = expectPresent(
        template,
        'service_account',
        "a dedicated service account (without one the revision runs as the project's default compute account, usually Editor)",
      );
      if (missing) return `template.${missing}`;
      const account = lookup(template, 'service_account');
      return account.state === 'value' &&
        /-compute@developer\.gserviceaccount\.com$/.test(String(account.value))
        ? 'template.service_account is the Compute Engine default service account'
        : undefined;
    },
  },
  {
    id: 'SKYFORGE_GCP_CLOUD_RUN_SECRET_REFS',
    title:
      'Cloud Run secrets come from Secret Manager references, not plain environment values',
    cloud: 'gcp',
    resourceTypes: ['google_cloud_run_v2_service'],
    check: ({ resource }) => {
      for (const container of containers(resource.body)) {
        for (const env of blocks(container, 'env')) {
          const name = lookup(env, 'name');
          const value = lookup(env, 'value');
          if (
            name.state === 'value' &&
            SECRET_NAME.test(String(name.value)) &&
            value.state !== 'absent'
          ) {
            return `env ${String(
              name.value,
            )} has a plain value; expected value_source.secret_key_ref`;
          }
        }
      }
      return undefined;
    },
  },
];
