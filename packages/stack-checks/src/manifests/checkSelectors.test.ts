import { checkSelectors } from './checkSelectors';
import { objectOfKind, validManifests } from './testing/validManifests';

describe('checkSelectors', () => {
  it('accepts Service and PDB selectors that match the pods', () => {
    expect(checkSelectors(validManifests())).toEqual([]);
  });

  it('reports a Service and a PDB that select no pods', () => {
    const objects = validManifests();
    objectOfKind(objects, 'Service').spec.selector = {
      'app.kubernetes.io/name': 'typo',
    };
    objectOfKind(objects, 'PodDisruptionBudget').spec.selector = {
      matchLabels: { 'app.kubernetes.io/name': 'typo' },
    };
    expect(checkSelectors(objects)).toEqual([
      'Service demo/demo: selector matches no pod template',
      'PodDisruptionBudget demo/demo: selector matches no pod template',
    ]);
  });

  it('reports a Deployment whose selector does not match its template', () => {
    const objects = validManifests();
    objectOfKind(objects, 'Deployment').spec.selector = {
      matchLabels: { tier: 'web' },
    };
    expect(checkSelectors(objects)).toContain(
      'Deployment demo/demo: selector does not match its pod template labels',
    );
  });
});
