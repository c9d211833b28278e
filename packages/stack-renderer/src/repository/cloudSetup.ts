import { azureTlsCertificateName } from '../naming';
import { gcpProject } from '../spec/gcpProject';
import type { Environment } from '../spec/profiles';
import { CLOUD_NAMES, type Cloud } from '../spec/regions';
import { resolveEnvironment } from '../spec/resolveEnvironment';
import { containerAppsExternal } from '../terraform/azure/azureServerlessModule';
import { containerAppsTargets } from '../terraform/azure/containerAppsWarnings';
import type { StackSpec } from '../spec/stackSpec';
import { ingressHasTls } from '../kustomize/appIngress';
import {
  deploymentTargets,
  hasClusterOn,
  kubernetesTargets,
  stackClouds,
} from '../spec/deploymentTargets';
import { runsKubernetes } from '../spec/computeTarget';

/*
 * The one-time steps of a fresh project or subscription that the rendered Terraform cannot take
 * (or deliberately does not), written once and shown in the README and the runbook.
 */

/** Environments of the stack that run a GPU pool on `cloud`. */
function gpuEnvironments(spec: StackSpec, cloud: Cloud): Environment[] {
  return spec.spec.environments.filter(
    environment => resolveEnvironment({ spec, cloud, environment }).gpu,
  );
}

/**
 * What to know and run before `terraform apply` of `infra/bootstrap/<cloud>`: Markdown `prose`
 * before the commands, and shell `commands` run after signing in.
 */
export function bootstrapPreparation(options: {
  spec: StackSpec;
  cloud: Cloud;
}): { prose: string[]; commands: string[] } {
  const { spec, cloud } = options;
  if (cloud === 'gcp') {
    const rows = spec.spec.environments.map(
      environment =>
        `| ${environment} | \`${gcpProject({ spec, environment })}\` |`,
    );
    return {
      prose: [
        `Each environment has its own project (prod always does): ${
          hasClusterOn(spec, 'gcp')
            ? 'every GKE cluster in a project shares one workload identity pool, so a shared project would let one environment act as another'
            : "the project is the boundary of IAM, quotas and billing, so each environment's CI identity and service accounts reach only their own"
        }. Create the projects, link them to a billing account, and apply the bootstrap as someone with Owner on all of them; it enables the APIs, and creates the state bucket, the GitHub trust and the CI service accounts in each.`,
        '',
        '| Environment | Project |',
        '| --- | --- |',
        ...rows,
        '',
      ],
      commands: [],
    };
  }
  if (cloud === 'azure') {
    const region = spec.spec.regions.azure!;
    // Encryption at host is a feature of AKS node pools only (Container Apps has no VMs of yours).
    const aks = hasClusterOn(spec, 'azure');
    const gpuSizes = [
      ...new Set(
        gpuEnvironments(spec, 'azure').map(
          environment =>
            resolveEnvironment({ spec, cloud: 'azure', environment }).preset.gpu
              .machineTypes[0],
        ),
      ),
    ];
    return {
      prose: [
        `Apply the bootstrap as an Owner of the subscription: it registers the resource providers the environments use, creates one resource group per environment, scopes each CI identity to its own group and state container, and creates (or names) the Network Watcher of the region. ${
          aks
            ? 'Encryption at host, which every AKS node pool uses, is a subscription feature to register first, and a'
            : 'A'
        } region has at most one Network Watcher: if the listing below shows one, set \`existing_network_watcher\` in \`infra/bootstrap/azure/terraform.tfvars\` and \`network_watcher_*\` in each \`infra/envs/<environment>/azure/terraform.tfvars\`.`,
        '',
        ...(spec.spec.environments.includes('prod')
          ? [
              'Before the first prod apply, set `admin_group` in `infra/envs/prod/azure/terraform.tfvars`: the Entra group of the people who administer prod (cluster admin, PostgreSQL administrator, Grafana, TLS certificate). `az ad group show --group <name> --query "{object_id: id, display_name: displayName}"` prints both values. The other environments take one too.',
              '',
            ]
          : []),
      ],
      commands: [
        ...(aks
          ? [
              'az feature register --namespace Microsoft.Compute --name EncryptionAtHost',
              'az feature show --namespace Microsoft.Compute --name EncryptionAtHost --query properties.state -o tsv   # wait for Registered',
              'az provider register --namespace Microsoft.Compute',
            ]
          : []),
        `az network watcher list --query "[?location=='${region}'].{name:name, resourceGroup:resourceGroup}" -o table`,
        ...gpuSizes.map(
          size =>
            `az vm list-skus --location ${region} --size ${size} --query "[0].capabilities[?name=='EncryptionAtHostSupported'].value" -o tsv   # must print True`,
        ),
      ],
    };
  }
  return { prose: [], commands: [] };
}

/** GPU quota per cloud (GPU capacity starts at or near zero on new accounts), as Markdown. */
export function gpuQuotaGuide(spec: StackSpec): string {
  const lines: string[] = [];
  for (const cloud of stackClouds(spec)) {
    const environments = gpuEnvironments(spec, cloud);
    if (environments.length === 0) continue;
    const pools = environments.map(environment => {
      const { preset } = resolveEnvironment({ spec, cloud, environment });
      const accelerator = preset.gpu.acceleratorType
        ? ` (${preset.gpu.acceleratorCount}× ${preset.gpu.acceleratorType} each)`
        : '';
      return `${environment}: up to ${preset.gpu.maxNodes} × ${preset.gpu.machineTypes[0]}${accelerator}`;
    });
    const region = spec.spec.regions[cloud];
    const pool = pools.join('; ');
    if (cloud === 'aws') {
      lines.push(
        `- **${CLOUD_NAMES.aws}** (${pool}): the vCPU quota *Running On-Demand G and VT instances* (L-DB2E81BA) in ${region} must cover the pool maximum: \`aws service-quotas request-service-quota-increase --service-code ec2 --quota-code L-DB2E81BA --desired-value <vCPUs> --region ${region}\`.`,
      );
    } else if (cloud === 'gcp') {
      const projects = environments
        .map(environment => `\`${gcpProject({ spec, environment })}\``)
        .join(', ');
      lines.push(
        `- **${CLOUD_NAMES.gcp}** (${pool}): in each project with a GPU pool (${projects}), the global \`GPUS_ALL_REGIONS\` quota and the regional quota of the GPU model in ${region} must cover the pool maximum. Check with \`gcloud compute regions describe ${region} --project <project> --format="table(quotas.metric,quotas.limit,quotas.usage)"\` and request more under IAM & Admin → Quotas & System Limits.`,
      );
    } else {
      lines.push(
        `- **${CLOUD_NAMES.azure}** (${pool}): the vCPU quota of the VM family in ${region} must cover the pool maximum. Check with \`az vm list-usage --location ${region} -o table\` (look for the NC family) and request more under Quotas → Compute in the portal.`,
      );
    }
  }
  return lines.join('\n');
}

/** One-time tasks after the first apply of each environment (runbook section body), or ''. */
export function firstApplyTasks(spec: StackSpec): string {
  const clouds = stackClouds(spec);
  const name = spec.metadata.name;
  const sections: string[] = [];
  // AKS serves the certificate from Key Vault; Container Apps binds the host with a managed one.
  const aks = deploymentTargets(spec).some(
    target => target.cloud === 'azure' && runsKubernetes(target),
  );
  if (clouds.includes('azure') && ingressHasTls(spec) && aks) {
    const certificate = azureTlsCertificateName(name);
    sections.push(
      '### Azure: the TLS certificate',
      '',
      `The application routing add-on serves the certificate \`${certificate}\` from each environment's Key Vault (the overlay's \`kubernetes.azure.com/tls-cert-keyvault-uri\` annotation names it, without a version, so renewals are picked up). Import it once per environment, and again on renewal, as a member of the admin group (Key Vault Certificates Officer). The vault has no public endpoint; admit your address for the import, and the next \`terraform apply\` closes it again:`,
      '',
      '```sh',
      'vault="$(terraform -chdir=infra/envs/<environment>/azure output -raw key_vault_name)"',
      'az keyvault update --name "$vault" --public-network-access Enabled --default-action Deny',
      'az keyvault network-rule add --name "$vault" --ip-address "$(curl -s https://api.ipify.org)"',
      `az keyvault certificate import --vault-name "$vault" --name ${certificate} --file ${certificate}.pfx`,
      'az keyvault update --name "$vault" --public-network-access Disabled',
      '```',
      '',
    );
  }
  const gcpTargets = deploymentTargets(spec).filter(
    target => target.cloud === 'gcp',
  );
  // Cloud Run environments need no hand step: the database role job of make database-user creates it.
  if (spec.spec.services.postgres && gcpTargets.some(runsKubernetes)) {
    sections.push(
      '### GCP: pgAudit',
      '',
      `Cloud SQL loads pgAudit (flag \`cloudsql.enable_pgaudit\`) and logs DDL and role changes (\`pgaudit.log\`) once the extension exists in the database. As a Cloud SQL administrator, from a pod in the cluster (the instance has a private IP only): \`CREATE EXTENSION IF NOT EXISTS pgaudit;\` in the \`${name}\` database. (The application's privileges need no hand step: \`make database-user\`, run by the apply workflow, grants them${
        gcpTargets.every(runsKubernetes)
          ? ''
          : '; on Cloud Run environments its database role job creates the extension too'
      }.)`,
      '',
    );
  }
  // The database role needs no hand step there: make database-user starts the database role job.
  if (containerAppsTargets(spec).length > 0 && containerAppsExternal(spec)) {
    sections.push(
      '### Azure: Container Apps environments',
      '',
      'Bind the host with its managed certificate: `docs/operations.md`, "Serverless on Azure: Container Apps".',
      '',
    );
  }
  return sections.join('\n');
}

/**
 * The Cloud KMS key rings and keys a GCP environment re-creates by import: the cluster's etcd key
 * where it runs GKE (and the bucket's, likewise), else the bucket's alone where it has one.
 */
function gcpKmsImports(spec: StackSpec): string | undefined {
  const lead =
    '- **GCP Cloud KMS:** key rings and keys cannot be deleted, only their versions. Re-creating an environment imports them first: `terraform -chdir=infra/envs/<environment>/gcp import';
  if (hasClusterOn(spec, 'gcp'))
    return `${lead} module.cluster.google_kms_key_ring.this projects/<project>/locations/<region>/keyRings/<stack>-<environment>-gke\` and \`... module.cluster.google_kms_crypto_key.etcd <key ring ID>/cryptoKeys/etcd\` (likewise \`module.storage\` with \`-storage\` and \`bucket\`).`;
  if (spec.spec.services.objectStorage)
    return `${lead} module.storage.google_kms_key_ring.this projects/<project>/locations/<region>/keyRings/<stack>-<environment>-storage\` and \`... module.storage.google_kms_crypto_key.bucket <key ring ID>/cryptoKeys/bucket\`.`;
  return undefined;
}

/** What re-creating a destroyed environment runs into, and how it is handled (runbook). */
export function recreateNotes(spec: StackSpec): string[] {
  const clouds = stackClouds(spec);
  const gcpKms = clouds.includes('gcp') ? gcpKmsImports(spec) : undefined;
  return [
    ...(clouds.includes('azure')
      ? [
          "- **Azure Key Vault:** a deleted vault keeps its name for 90 days (purge protection). The roots' provider recovers the soft-deleted vault instead of failing on the name (`features.key_vault.recover_soft_deleted_key_vaults`); after 90 days the name is free again.",
        ]
      : []),
    ...(gcpKms ? [gcpKms] : []),
  ];
}

/** Encryption choices the runbook explains (Rotate section), as Markdown bullets. */
export function encryptionNotes(spec: StackSpec): string[] {
  return kubernetesTargets(spec).some(target => target.cloud === 'azure')
    ? [
        "- **AKS etcd encryption with a customer key (KMS):** not enabled. The key would have to be created through the vault's data plane, which GitHub-hosted runners cannot reach (the vault has no public endpoint); etcd is encrypted at rest with platform keys. With a runner inside the VNet, add a `key_management_service` block to the cluster and grant the control-plane identity Key Vault Crypto User on the key.",
      ]
    : [];
}
