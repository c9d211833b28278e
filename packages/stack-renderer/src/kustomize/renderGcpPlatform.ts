import type { ResolvedEnvironment } from '../spec/resolveEnvironment';
import type { FileTree } from '../types';
import {
  HEALTH_READER_ENV_FILE,
  HEALTH_READER_FILE,
  healthReaderEnvFile,
  healthReaderKustomization,
  healthReaderRbacFile,
} from './healthReaderRbac';
import { platformDirectory } from './platformDirectories';
import { yamlDocument } from './yamlDocument';

/**
 * `deploy/platform/<env>-gcp/`: the cluster-level objects of a GKE cluster that GKE does not
 * create itself, applied by `make k8s-apply` before the application: Backstage's health reader
 * RBAC, bound to Backstage's Google service account.
 */
export function renderGcpPlatform(target: ResolvedEnvironment): FileTree {
  const directory = platformDirectory(target);
  return {
    [`${directory}/${HEALTH_READER_FILE}`]: healthReaderRbacFile('gcp'),
    [`${directory}/${HEALTH_READER_ENV_FILE}`]: healthReaderEnvFile(target),
    [`${directory}/kustomization.yaml`]: yamlDocument({
      comment: [
        `Cluster-level objects of ${target.resourcePrefix} (GKE), applied by make k8s-apply before the`,
        `application. Build: kubectl kustomize ${directory}`,
      ],
      value: {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: [HEALTH_READER_FILE],
        ...healthReaderKustomization('gcp'),
      },
    }),
  };
}
