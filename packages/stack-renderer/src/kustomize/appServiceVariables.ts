import type { ServiceId, ServiceVariable } from '../services/types';
import type { Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import { awsServices } from '../terraform/aws/awsServices';
import { azureServices } from '../terraform/azure/azureServices';
import { gcpServices } from '../terraform/gcp/gcpServices';

/**
 * File in `deploy/overlays/<env>-<cloud>/` that `make k8s-services` writes from the outputs of
 * the environment's Terraform root; the overlay merges it into the application ConfigMap.
 */
export const SERVICES_ENV_FILE = 'services.env';

/** Prefix of the committed placeholder values, which `make k8s-apply` refuses. */
export const SERVICES_PLACEHOLDER_PREFIX = 'terraform-output:';

/** One variable of `services.env`, and the service it belongs to (none: the environment's). */
export interface AppServiceVariable extends ServiceVariable {
  service?: ServiceId;
}

/** What every environment hands the application on each cloud, whatever its services. */
const ENVIRONMENT_VARIABLES: Readonly<Record<Cloud, ServiceVariable[]>> = {
  aws: [
    {
      name: 'CLOUD_REGION',
      output: 'region',
      description:
        'AWS region of the environment (the SDKs read AWS_REGION; set it from this).',
    },
  ],
  gcp: [
    {
      name: 'CLOUD_REGION',
      output: 'region',
      description: 'Region of the environment.',
    },
    {
      name: 'GOOGLE_CLOUD_PROJECT',
      output: 'project_id',
      description:
        'Project of the environment (the Google client libraries read it).',
    },
  ],
  azure: [
    {
      name: 'CLOUD_REGION',
      output: 'region',
      description:
        'Azure region of the environment (AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE come from the workload identity webhook).',
      serverlessDescription:
        'Azure region of the environment (AZURE_CLIENT_ID, which selects the app identity for the Azure SDKs, is set on the container app).',
    },
  ],
};

function cloudServices(spec: StackSpec, cloud: Cloud) {
  if (cloud === 'aws') return awsServices(spec);
  if (cloud === 'gcp') return gcpServices(spec);
  return azureServices(spec);
}

/**
 * The environment variables the application receives from Terraform on one cloud, in service
 * order: the one list the overlay's `services.env`, `make k8s-services` and the README read.
 */
export function appServiceVariables(
  spec: StackSpec,
  cloud: Cloud,
): AppServiceVariable[] {
  return [
    ...ENVIRONMENT_VARIABLES[cloud],
    ...cloudServices(spec, cloud).flatMap(service =>
      (service.variables ?? []).map(variable => ({
        ...variable,
        service: service.id,
      })),
    ),
  ];
}

/** The committed `services.env` of one overlay: placeholders naming their outputs, so it builds. */
export function servicesEnvFile(options: {
  spec: StackSpec;
  environment: string;
  cloud: Cloud;
}): string {
  const { spec, environment, cloud } = options;
  return [
    `# What the application reads from Terraform in ${environment} on ${cloud.toUpperCase()}: endpoints and`,
    '# names, never passwords (the application signs in with its workload identity).',
    `# \`make k8s-services ENV=${environment} CLOUD=${cloud}\` (also run by the apply workflow) overwrites`,
    `# this file with the outputs of infra/envs/${environment}/${cloud}; kustomization.yaml merges it into the`,
    '# application ConfigMap, so new values roll the pods. The placeholders keep `kubectl kustomize`',
    '# working before that; `make k8s-apply` refuses them.',
    ...appServiceVariables(spec, cloud).map(
      variable =>
        `${variable.name}=${SERVICES_PLACEHOLDER_PREFIX}${variable.output}`,
    ),
    '',
  ].join('\n');
}

/**
 * The jq program `make k8s-services` runs on `terraform output -json`: one `NAME=value` line per
 * variable. An output the root lacks makes jq fail (string + null), so nothing half-written lands.
 */
export function servicesJqProgram(spec: StackSpec, cloud: Cloud): string {
  const lines = appServiceVariables(spec, cloud).map(
    variable =>
      `"${variable.name}=" + (.${variable.output}.value // error("no output ${variable.output}"))`,
  );
  return [
    '"# Written by make k8s-services from the Terraform outputs of $(TF_ROOT); see README.md."',
    ...lines,
  ].join(', ');
}
