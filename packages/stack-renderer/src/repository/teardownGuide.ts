import { CLOUD_NAMES, type Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import { CLOUD_SERVICES } from './cloudServices';
import {
  deploymentTargets,
  hasClusterOn,
  kubernetesTargets,
  stackClouds,
} from '../spec/deploymentTargets';
import { runsKubernetes } from '../spec/computeTarget';
import {
  serverlessDocs,
  serverlessTargets,
  targetList,
} from './serverlessDocs';
import { destroyConfirmation } from './renderDestroyWorkflow';

/** What `make tf-destroy` lifts on each cloud before it destroys, and what the cloud keeps after. */
const TEARDOWN: Record<Cloud, (cluster: boolean) => string> = {
  aws: () =>
    "the RDS instance's deletion protection goes, and with it the final snapshot (take a manual snapshot first if you need the data); the S3 buckets and the ECR repository are deleted with their objects, every version, and images (`force_destroy`, `force_delete`); ElastiCache still takes its final snapshot, and the KMS keys are scheduled for deletion after their waiting period",
  gcp: cluster =>
    `${
      cluster
        ? "the GKE cluster's and the Cloud SQL instance's deletion protection go"
        : "the Cloud SQL instance's deletion protection goes"
    }; the Cloud Storage bucket is deleted with every object version (\`force_destroy\`); Cloud KMS keep their key rings and keys (only versions are destroyed)`,
  azure: () =>
    'the delete locks of the PostgreSQL server and the storage account go; the Key Vault is soft-deleted, not purged (purge protection), and keeps its name for 90 days',
};

/** The path to the cluster the destroy workflow deletes the workloads through, per cloud. */
const CLUSTER_PATH: Record<Cloud, string> = {
  aws: 'the SSM tunnel to the private EKS endpoint',
  gcp: "GKE's DNS-based endpoint",
  azure: '`az aks command invoke`',
};

/**
 * What the destroy does to the workloads: deletes them through the cluster where one runs, and
 * lets `terraform destroy` drain the serverless services (serverlessDocs.ts, per cloud).
 */
function workloadSteps(spec: StackSpec): string[] {
  const kubernetes = kubernetesTargets(spec);
  const serverless = serverlessTargets(spec);
  const kubernetesClouds = [...new Set(kubernetes.map(target => target.cloud))];
  const serverlessClouds = [...new Set(serverless.map(target => target.cloud))];
  return [
    ...(kubernetes.length > 0
      ? [
          `   - deletes the workloads and their namespace (\`make k8s-delete\`)${
            serverless.length > 0 ? ` in ${targetList(kubernetes)}` : ''
          } through the same private path the apply workflow deploys through (${kubernetesClouds
            .map(cloud => `${CLOUD_NAMES[cloud]}: ${CLUSTER_PATH[cloud]}`)
            .join(
              '; ',
            )}), so the load balancers and volumes the cluster created outside Terraform are released before the network goes. A re-run after the cluster is gone skips this step;`,
        ]
      : []),
    ...(serverless.length > 0
      ? [
          `   - ${targetList(
            serverless,
          )} run serverless, with no cluster and nothing created outside Terraform, so there is no workload step: the destroy below drains the service (${serverlessClouds
            .map(
              cloud => `${CLOUD_NAMES[cloud]}: ${serverlessDocs(cloud).drain}`,
            )
            .join('; ')});`,
        ]
      : []),
  ];
}

/** The body of the runbook's Destroy section: the workflow, the same by hand, the bootstrap last. */
export function teardownGuide(spec: StackSpec): string[] {
  const clouds = stackClouds(spec);
  const first = deploymentTargets(spec)[0]!;
  const example = `ENV=${first.environment} CLOUD=${first.cloud}`;
  return [
    'A teardown goes workloads → environments → bootstrap, one environment and cloud at a time. First stop the apply workflow from creating the environment again on the next push: `gh workflow disable apply.yaml` (enable it again if other environments stay).',
    '',
    `1. **Run the destroy workflow** (Actions → destroy → Run workflow, or the Backstage template *Tear down a Skyforge stack*): choose the environment and cloud and type \`<stack>/<environment>/<cloud>\`, e.g. \`${destroyConfirmation(
      spec,
      first,
    )}\`. The job runs in the GitHub environment of that name, so its required reviewers approve before anything is deleted (GitHub offers required reviewers on private repositories only with GitHub Enterprise; without them the typed confirmation and the repository's write access are the only gates). It then`,
    ...workloadSteps(spec),
    '   - lifts deletion protection and destroys the root (`make tf-destroy`): an apply with `-var deletion_protection=false` (and `-var teardown=true` on AWS and GCP) writes the lifted values into the state, where the provider reads them at destroy, then `terraform destroy` with the same values.',
    '',
    `   What the teardown lifts, and what stays: ${clouds
      .map(
        cloud =>
          `**${CLOUD_NAMES[cloud]}:** ${TEARDOWN[cloud](
            hasClusterOn(spec, cloud),
          )}`,
      )
      .join('. ')}. Without the teardown, ${clouds
      .map(cloud =>
        CLOUD_SERVICES[cloud].deletionProtection(hasClusterOn(spec, cloud)),
      )
      .join('; ')}.`,
    '',
    '   By hand, the same steps:',
    '',
    '   ```sh',
    `   make tf-init ${example}`,
    ...(runsKubernetes(first)
      ? [
          `   make k8s-credentials ${example}${
            clouds.includes('aws') ? '   # on AWS: make k8s-tunnel' : ''
          }`,
          `   make k8s-delete ${example}`,
        ]
      : []),
    `   make tf-destroy ${example}`,
    '   ```',
    '',
    '2. **Destroy the bootstrap last**, once every environment of the cloud is gone, from the workstation that applied it (its state is there, and it holds the CI identities the workflow signs in with, so the workflow never destroys it; its `bootstrap` option only ends the run with these steps):',
    '',
    '   ```sh',
    '   make bootstrap-destroy CLOUD=<cloud>',
    '   ```',
    '',
    `   It refuses while any environment of the cloud still has resources in its state. ${
      clouds.some(cloud => cloud !== 'azure')
        ? 'On AWS and GCP the state buckets refuse a plain `terraform destroy` while they hold state versions (`force_destroy = var.teardown`, false by default): bootstrap-destroy applies `-var teardown=true` first, so the buckets go with every version. '
        : ''
    }${
      clouds.includes('azure')
        ? 'On Azure, the `do-not-delete` lock on the state account guards it against deletes outside Terraform; `terraform destroy` removes the lock itself.'
        : ''
    }`.trimEnd(),
    '3. Delete the GitHub environments and variables, and unregister the entities from the Backstage catalog (the teardown template unregisters them for you).',
    '',
  ];
}
