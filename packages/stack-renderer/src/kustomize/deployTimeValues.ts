import {
  AWS_CERTIFICATE_ARN_KEY,
  AWS_CERTIFICATE_ENV_FILE,
  awsCertificatePlaceholder,
} from './certificateEnvFile';
import {
  AZURE_CLIENT_ID_KEY,
  AZURE_CLIENT_ID_PLACEHOLDER,
  AZURE_WORKLOAD_IDENTITY_ENV_FILE,
} from './workloadIdentityEnvFile';
import type { ResolvedEnvironment } from '../spec/resolveEnvironment';
import type { StackSpec } from '../spec/stackSpec';
import { ingressHasTls } from './appIngress';
import { kustomizeNames } from './kustomizeNames';

/**
 * A value only Terraform knows (it exists after `terraform apply`), which one field of the
 * manifests needs. A make target writes it into an env file of the overlay; the overlay turns the
 * file into a ConfigMap marked local-config, which Kustomize uses as a replacement source but
 * never writes to the cluster, and copies the value into the field.
 */
export interface DeployTimeValue {
  /** Name of the local-config ConfigMap. */
  configMap: string;
  envFile: string;
  key: string;
  /** The object and field (a Kustomize replacement field path) the value goes into. */
  target: { kind: string; name: string; fieldPath: string };
  /** The env file as rendered: how it gets its value, and a placeholder that builds. */
  content: string;
  /** `make k8s-identity`: the target that writes the real value. */
  makeTarget: string;
}

/** The deploy-time values of one overlay: the Azure workload identity, the AWS certificate. */
export function deployTimeValues(options: {
  spec: StackSpec;
  target: ResolvedEnvironment;
}): DeployTimeValue[] {
  const { spec, target } = options;
  const { environment } = target;
  const names = kustomizeNames(spec);
  if (target.cloud === 'azure') {
    return [
      {
        configMap: 'workload-identity',
        envFile: AZURE_WORKLOAD_IDENTITY_ENV_FILE,
        key: AZURE_CLIENT_ID_KEY,
        target: {
          kind: 'ServiceAccount',
          name: names.app,
          fieldPath: 'metadata.annotations.[azure.workload.identity/client-id]',
        },
        makeTarget: 'k8s-identity',
        content: [
          `# Client ID of the user-assigned identity the ${environment} pods use (Entra Workload ID).`,
          `# \`make k8s-identity ENV=${environment} CLOUD=azure\` (also run by the apply workflow)`,
          `# overwrites this file with the Terraform output app_identity_client_id of infra/envs/${environment}/azure;`,
          '# kustomization.yaml copies the value into the ServiceAccount annotation',
          '# azure.workload.identity/client-id. The all-zero placeholder keeps `kubectl kustomize` working',
          '# before that, but pods cannot authenticate with it.',
          `${AZURE_CLIENT_ID_KEY}=${AZURE_CLIENT_ID_PLACEHOLDER}`,
          '',
        ].join('\n'),
      },
    ];
  }
  if (target.cloud === 'aws' && ingressHasTls(spec)) {
    return [
      {
        configMap: 'certificate',
        envFile: AWS_CERTIFICATE_ENV_FILE,
        key: AWS_CERTIFICATE_ARN_KEY,
        target: {
          kind: 'Ingress',
          name: names.app,
          fieldPath:
            'metadata.annotations.[alb.ingress.kubernetes.io/certificate-arn]',
        },
        makeTarget: 'k8s-certificate',
        content: [
          `# ARN of the ACM certificate of ${spec.spec.app.ingress.host} in ${environment}.`,
          `# \`make k8s-certificate ENV=${environment} CLOUD=aws\` (also run by the apply workflow)`,
          `# overwrites this file with the Terraform output certificate_arn of infra/envs/${environment}/aws;`,
          '# kustomization.yaml copies the value into the Ingress annotation',
          '# alb.ingress.kubernetes.io/certificate-arn. The placeholder keeps `kubectl kustomize` working',
          '# before that, but no load balancer can serve it, so `make k8s-apply` refuses it.',
          `${AWS_CERTIFICATE_ARN_KEY}=${awsCertificatePlaceholder(
            target.region,
          )}`,
          '',
        ].join('\n'),
      },
    ];
  }
  return [];
}

/** The `configMapGenerator` entry that turns the env file into a local-only ConfigMap. */
export function deployTimeGenerator(
  value: DeployTimeValue,
): Record<string, unknown> {
  return {
    name: value.configMap,
    envs: [value.envFile],
    options: {
      disableNameSuffixHash: true,
      annotations: { 'config.kubernetes.io/local-config': 'true' },
    },
  };
}

/** The `replacements` entry that copies the value into its field. */
export function deployTimeReplacement(
  value: DeployTimeValue,
): Record<string, unknown> {
  return {
    source: {
      kind: 'ConfigMap',
      name: value.configMap,
      fieldPath: `data.${value.key}`,
    },
    targets: [
      {
        select: { kind: value.target.kind, name: value.target.name },
        fieldPaths: [value.target.fieldPath],
        options: { create: true },
      },
    ],
  };
}
