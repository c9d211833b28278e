import { checkPodDisruptionBudgets } from './checkPodDisruptionBudgets';
import { objectOfKind, validManifests } from './testing/validManifests';

describe('checkPodDisruptionBudgets', () => {
  it('accepts maxUnavailable 1 with AlwaysAllow', () => {
    expect(checkPodDisruptionBudgets(validManifests())).toEqual([]);
  });

  it('accepts minAvailable below the HPA minimum', () => {
    const objects = validManifests();
    objectOfKind(objects, 'PodDisruptionBudget').spec = {
      ...objectOfKind(objects, 'PodDisruptionBudget').spec,
      maxUnavailable: undefined,
      minAvailable: 1,
    };
    expect(checkPodDisruptionBudgets(objects)).toEqual([]);
  });

  it('reports minAvailable that equals the HPA minimum', () => {
    const objects = validManifests();
    const budget = objectOfKind(objects, 'PodDisruptionBudget');
    delete budget.spec.maxUnavailable;
    budget.spec.minAvailable = 2;
    expect(checkPodDisruptionBudgets(objects)).toEqual([
      'PodDisruptionBudget demo/demo: minAvailable 2 is not below the HPA minimum (2) of Deployment demo/demo, so no pod can be evicted',
    ]);
  });

  it('reports a budget that allows no eviction and keeps unhealthy pods', () => {
    const objects = validManifests();
    const budget = objectOfKind(objects, 'PodDisruptionBudget');
    budget.spec.maxUnavailable = 0;
    delete budget.spec.unhealthyPodEvictionPolicy;
    expect(checkPodDisruptionBudgets(objects)).toEqual([
      'PodDisruptionBudget demo/demo: unhealthyPodEvictionPolicy is not AlwaysAllow, so crash-looping pods can block drains',
      'PodDisruptionBudget demo/demo: maxUnavailable 0 allows no eviction at the HPA minimum (2) of Deployment demo/demo',
    ]);
  });

  it('reports a percentage that rounds to no eviction at the minimum', () => {
    const objects = validManifests();
    objectOfKind(objects, 'HorizontalPodAutoscaler').spec.minReplicas = 1;
    objectOfKind(objects, 'PodDisruptionBudget').spec.maxUnavailable = '50%';
    expect(checkPodDisruptionBudgets(objects)).toHaveLength(1);
  });
});
