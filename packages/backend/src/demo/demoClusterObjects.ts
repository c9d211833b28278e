import {
  clusterAutoscalerStatusConfigMap,
  readListFixture,
  type ServedObject,
} from '@skyforge/kubernetes-api-double';

/** Recorded objects moved into another namespace, with every name of one service replaced. */
function renamed(
  objects: ServedObject[],
  options: { namespace: string; from?: string; to?: string },
): ServedObject[] {
  let text = JSON.stringify(objects);
  if (options.from && options.to) {
    text = text.replace(new RegExp(options.from, 'g'), options.to);
  }
  return (JSON.parse(text) as ServedObject[]).map(object => ({
    ...object,
    metadata: { ...object.metadata, namespace: options.namespace },
  }));
}

function withLabel(
  objects: ServedObject[],
  key: string,
  value: string,
): ServedObject[] {
  return objects.filter(object => object.metadata.labels?.[key] === value);
}

/**
 * The demo cluster's objects: an EKS cluster recorded in the shape its API serves (nodes of a
 * managed node group and a Karpenter NodePool, the cluster autoscaler's status, `kube-system`),
 * running the example entities of `examples/entities.yaml` in the namespaces their
 * `backstage.io/kubernetes-namespace` annotations name: payments-api mid-rollout with an
 * OOMKilled, an ImagePullBackOff and an unschedulable pod and its HPA at its maximum;
 * payments-worker in CrashLoopBackOff behind a KEDA ScaledObject; payments-web healthy (the
 * recorded checkout service, renamed).
 */
export function demoClusterObjects(): ServedObject[] {
  const payments = readListFixture('workloads-payments.json');
  const worker = withLabel(
    payments,
    'backstage.io/kubernetes-id',
    'payments-worker',
  );
  return [
    ...readListFixture('nodes-eks.json'),
    ...readListFixture('karpenter-nodepools.json'),
    clusterAutoscalerStatusConfigMap('cluster-autoscaler-status.txt'),
    ...readListFixture('workloads-kube-system.json'),
    ...renamed(
      withLabel(payments, 'backstage.io/kubernetes-id', 'payments-api'),
      {
        namespace: 'payments-api',
      },
    ),
    ...renamed(worker, { namespace: 'payments-worker' }),
    ...renamed(readListFixture('workloads-checkout.json'), {
      namespace: 'payments-web',
      from: 'checkout',
      to: 'payments-web',
    }),
  ];
}
