import {
  HEALTH_READER_GROUP,
  healthReaderRbacObjects,
  type KubernetesRbacSubject,
} from '@skyforge/plugin-skyforge-common';
import type { Cloud } from '../spec/regions';
import { yamlDocument } from './yamlDocument';

/** The file of a platform directory that holds Backstage's health reader RBAC. */
export const HEALTH_READER_FILE = 'health-reader.yaml';

/** Who the RBAC binds, per cloud: the identity Backstage reads the cluster as. */
const SUBJECTS: Partial<Record<Cloud, KubernetesRbacSubject[]>> = {
  // The EKS access entry of the health reader role (infra/modules/cluster/aws) maps it to this group.
  aws: [{ kind: 'Group', name: HEALTH_READER_GROUP }],
};

/**
 * `health-reader.yaml` of a platform directory: the ClusterRole, the kube-system Role and their
 * bindings that let Backstage read exactly what Skyforge's health shows, written from the contract
 * in `@skyforge/plugin-skyforge-common` (`healthReaderRbacObjects`).
 */
export function healthReaderRbacFile(cloud: Cloud): string {
  const subjects = SUBJECTS[cloud];
  if (!subjects) {
    throw new Error(`No health reader identity is rendered for ${cloud} yet`);
  }
  return healthReaderRbacObjects({ subjects })
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
