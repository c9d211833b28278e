import { checkAutoscalerTargets } from './checkAutoscalerTargets';
import { objectOfKind, validManifests } from './testing/validManifests';

describe('checkAutoscalerTargets', () => {
  it('accepts an HPA that targets an existing Deployment', () => {
    expect(checkAutoscalerTargets(validManifests())).toEqual([]);
  });

  it('reports an HPA whose target does not exist', () => {
    const objects = validManifests();
    objectOfKind(objects, 'HorizontalPodAutoscaler').spec.scaleTargetRef = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'missing',
    };
    expect(checkAutoscalerTargets(objects)).toEqual([
      'HorizontalPodAutoscaler demo/demo: scaleTargetRef Deployment missing does not exist',
    ]);
  });
});
