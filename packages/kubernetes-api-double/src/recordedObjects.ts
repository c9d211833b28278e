import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { ServedObject } from './KubernetesApiDouble';

/** The recorded objects (see fixtures/README.md), shipped with the package. */
const FIXTURES = resolvePackagePath(
  '@skyforge/kubernetes-api-double',
  'fixtures',
);

/** The items of a recorded list fixture (`NodeList`, `List`, ...), e.g. `nodes-eks.json`. */
export function readListFixture<T = ServedObject>(name: string): T[] {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')).items;
}

/**
 * The `kube-system/cluster-autoscaler-status` ConfigMap with a recorded status text
 * (`cluster-autoscaler-status.txt` or `.yaml`).
 */
export function clusterAutoscalerStatusConfigMap(name: string): ServedObject & {
  kind: 'ConfigMap';
  data: { status: string };
} {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'cluster-autoscaler-status',
      namespace: 'kube-system',
      annotations: {
        'cluster-autoscaler.kubernetes.io/last-updated':
          '2025-11-24 09:58:40.318265914 +0000 UTC',
      },
    },
    data: { status: fs.readFileSync(path.join(FIXTURES, name), 'utf8') },
  };
}
