import {
  HEALTH_READER_GROUP,
  HEALTH_READER_ROLE_NAME,
  healthReaderRbacObjects,
  type KubernetesRbacSubject,
} from '@skyforge/plugin-skyforge-common';
import type { Cloud } from '../spec/regions';
import { yamlDocument } from './yamlDocument';

/** The file of a platform directory that holds Backstage's health reader RBAC. */
export const HEALTH_READER_FILE = 'health-reader.yaml';

/**
 * GKE and AKS: the file of a platform directory with Backstage's identity, the User the RBAC
 * binds (a Google service account's email; an Entra object ID). `make catalog-registration`
 * writes it from the environment root's output `health_reader_subject`.
 */
export const HEALTH_READER_ENV_FILE = 'health-reader.env';

/** Key of Backstage's identity in {@link HEALTH_READER_ENV_FILE}. */
export const HEALTH_READER_SUBJECT_KEY = 'BACKSTAGE_IDENTITY';

/**
 * The User bound until Backstage's identity is known: neither an email nor a GUID, so no Google or
 * Entra identity authenticates as it, and the binding grants nobody anything.
 */
export const HEALTH_READER_SUBJECT_PLACEHOLDER = 'no-backstage-identity-set';

/**
 * Who the RBAC binds, per cloud: the identity Backstage reads the cluster as. EKS: the group the
 * access entry of the health reader role (infra/modules/cluster/aws) maps it to. GKE: the Google
 * service account as a User, by email (GKE RBAC, "Kubernetes RBAC with Google identities"). AKS
 * with Entra ID: the identity as a User, by object ID (AKS, "Kubernetes RBAC with Microsoft Entra
 * ID"). Both Users are deploy-time values.
 */
const SUBJECTS: Record<Cloud, KubernetesRbacSubject[]> = {
  aws: [{ kind: 'Group', name: HEALTH_READER_GROUP }],
  gcp: [{ kind: 'User', name: HEALTH_READER_SUBJECT_PLACEHOLDER }],
  azure: [{ kind: 'User', name: HEALTH_READER_SUBJECT_PLACEHOLDER }],
};

/** The config map that carries {@link HEALTH_READER_ENV_FILE} into Kustomize (never applied). */
const IDENTITY_CONFIG_MAP = 'health-reader-identity';

/**
 * `health-reader.yaml` of a platform directory: the ClusterRole, the kube-system Role and their
 * bindings that let Backstage read exactly what Skyforge's health shows, written from the contract
 * in `@skyforge/plugin-skyforge-common` (`healthReaderRbacObjects`).
 */
export function healthReaderRbacFile(cloud: Cloud): string {
  return healthReaderRbacObjects({ subjects: SUBJECTS[cloud] })
    .map((object, index) =>
      yamlDocument({
        value: object,
        comment:
          index === 0
            ? [
                "Backstage's read-only access for Skyforge's health (the Kubernetes plugin reads through it):",
                'pods, workloads, HPAs, nodes, KEDA ScaledObjects and Karpenter NodePools cluster-wide, and the',
                'cluster autoscaler status in kube-system. No Secrets, no single gets elsewhere, no writes.',
              ]
            : undefined,
      }),
    )
    .join('---\n');
}

/**
 * The health reader's part of a platform directory's kustomization.yaml: its RBAC file and, on GKE
 * and AKS, the local-only config map from {@link HEALTH_READER_ENV_FILE} and the replacements that
 * put Backstage's identity into both bindings.
 */
export function healthReaderKustomization(
  cloud: Cloud,
): Record<string, unknown> {
  if (cloud === 'aws') return {};
  return {
    configMapGenerator: [
      {
        name: IDENTITY_CONFIG_MAP,
        envs: [HEALTH_READER_ENV_FILE],
        options: {
          disableNameSuffixHash: true,
          annotations: { 'config.kubernetes.io/local-config': 'true' },
        },
      },
    ],
    replacements: [
      {
        source: {
          kind: 'ConfigMap',
          name: IDENTITY_CONFIG_MAP,
          fieldPath: `data.${HEALTH_READER_SUBJECT_KEY}`,
        },
        targets: ['ClusterRoleBinding', 'RoleBinding'].map(kind => ({
          select: { kind, name: HEALTH_READER_ROLE_NAME },
          fieldPaths: ['subjects.0.name'],
        })),
      },
    ],
  };
}

/** `health-reader.env` as rendered: how it gets its value, and the placeholder. */
export function healthReaderEnvFile(target: {
  environment: string;
  cloud: Cloud;
}): string {
  const identity =
    target.cloud === 'gcp'
      ? 'the email of the Google service account'
      : 'the object ID of the Entra identity';
  return [
    `# Backstage's identity in this cluster: ${identity} Backstage's backend runs as.`,
    `# \`make catalog-registration ENV=${target.environment} CLOUD=${target.cloud}\` (also run by the apply workflow) writes`,
    `# the output health_reader_subject of infra/envs/${target.environment}/${target.cloud} here; commit it.`,
    '# kustomization.yaml binds it as the User of the health reader RBAC. The placeholder is no',
    '# identity at all: until it is replaced, the bindings grant nobody anything.',
    `${HEALTH_READER_SUBJECT_KEY}=${HEALTH_READER_SUBJECT_PLACEHOLDER}`,
    '',
  ].join('\n');
}
