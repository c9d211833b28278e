import { checkContractLabels } from './checkContractLabels';
import { objectOfKind, validManifests } from './testing/validManifests';

describe('checkContractLabels', () => {
  it('accepts objects and pods carrying every contract label', () => {
    expect(checkContractLabels(validManifests())).toEqual([]);
  });

  it('reports an object and a pod template without the environment label', () => {
    const objects = validManifests();
    const deployment = objectOfKind(objects, 'Deployment');
    delete deployment.metadata.labels?.environment;
    const template = deployment.spec.template as {
      metadata: { labels: Record<string, string> };
    };
    delete template.metadata.labels['backstage.io/kubernetes-id'];
    expect(checkContractLabels(objects)).toEqual([
      'Deployment demo/demo: missing label(s) environment',
      'Deployment demo/demo: pod template missing label(s) backstage.io/kubernetes-id',
    ]);
  });
});
