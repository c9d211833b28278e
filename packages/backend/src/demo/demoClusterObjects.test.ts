import fs from 'node:fs';
import path from 'node:path';
import { matchesLabelSelector } from '@skyforge/kubernetes-api-double';
import { parseAllDocuments } from 'yaml';
import { demoClusterEntity } from './DemoClusterEntityProvider';
import { demoClusterObjects } from './demoClusterObjects';

/** The example entities mapped to Kubernetes, with the selector the Kubernetes backend derives. */
function exampleSelectors() {
  const file = path.resolve(__dirname, '../../../../examples/entities.yaml');
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(document => document.toJS())
    .filter(
      entity => entity?.metadata?.annotations?.['backstage.io/kubernetes-id'],
    )
    .map(entity => ({
      name: entity.metadata.name as string,
      id: entity.metadata.annotations['backstage.io/kubernetes-id'] as string,
      namespace: entity.metadata.annotations[
        'backstage.io/kubernetes-namespace'
      ] as string,
    }));
}

describe('the demo cluster', () => {
  it('runs every example entity mapped to Kubernetes, in the namespace it names', () => {
    const objects = demoClusterObjects();
    const selectors = exampleSelectors();
    expect(selectors.map(selector => selector.name)).toEqual([
      'payments-api',
      'payments-web',
      'payments-worker',
    ]);
    for (const selector of selectors) {
      const selected = objects.filter(
        object =>
          object.metadata.namespace === selector.namespace &&
          matchesLabelSelector(
            object.metadata.labels,
            `backstage.io/kubernetes-id=${selector.id}`,
          ),
      );
      expect(
        selected.filter(object => object.kind === 'Deployment'),
      ).not.toEqual([]);
      expect(selected.filter(object => object.kind === 'Pod')).not.toEqual([]);
    }
    // The cluster itself: nodes, Karpenter, the cluster autoscaler status and kube-system.
    expect(objects.filter(object => object.kind === 'Node')).toHaveLength(4);
    expect(
      objects.some(
        object =>
          object.kind === 'Deployment' &&
          object.metadata.namespace === 'kube-system' &&
          object.metadata.name === 'coredns',
      ),
    ).toBe(true);
  });

  it('registers as a kubernetes-cluster Resource the catalog cluster locator reads', () => {
    const entity = demoClusterEntity({
      url: 'https://127.0.0.1:40000',
      certificateAuthority:
        '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    });
    expect(entity.spec).toMatchObject({ type: 'kubernetes-cluster' });
    expect(entity.metadata.annotations).toMatchObject({
      'kubernetes.io/api-server': 'https://127.0.0.1:40000',
      'kubernetes.io/api-server-certificate-authority': Buffer.from(
        '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      ).toString('base64'),
      'kubernetes.io/auth-provider': 'localKubectlProxy',
    });
    expect(entity.metadata.title).toMatch(/^Demo cluster/);
  });
});
