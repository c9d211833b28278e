import type { Entity } from '@backstage/catalog-model';
import { oneClusterUnreachableResponse } from '../__fixtures__/entityHealth';
import {
  clusterTitle,
  describeCondition,
  hasKubernetesAnnotation,
  healthViewOf,
  kubernetesSelector,
  replicaPosition,
  summarizeCluster,
} from './healthData';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', annotations },
  };
}

describe('healthData', () => {
  it('knows whether an entity is mapped to Kubernetes objects', () => {
    expect(hasKubernetesAnnotation(entity({}))).toBe(false);
    expect(
      hasKubernetesAnnotation(entity({ 'backstage.io/kubernetes-id': ' ' })),
    ).toBe(false);
    expect(
      hasKubernetesAnnotation(
        entity({ 'backstage.io/kubernetes-id': 'payments-api' }),
      ),
    ).toBe(true);
    expect(
      hasKubernetesAnnotation(
        entity({ 'backstage.io/kubernetes-label-selector': 'app=payments' }),
      ),
    ).toBe(true);
  });

  it('knows which view of health an entity has, as the backend computes it', () => {
    const of = (kind: string, spec: object, annotations = {}) =>
      healthViewOf({
        apiVersion: 'backstage.io/v1alpha1',
        kind,
        metadata: { name: 'x', annotations },
        spec,
      });
    expect(of('Resource', { type: 'kubernetes-cluster' })).toBe('cluster');
    expect(of('System', {})).toBe('rollUp');
    expect(of('Group', { type: 'team' })).toBe('rollUp');
    expect(of('Domain', {})).toBe('rollUp');
    expect(
      of('Component', {}, { 'backstage.io/kubernetes-id': 'payments-api' }),
    ).toBe('workloads');
    expect(of('Component', {})).toBeUndefined();
    expect(of('Resource', { type: 'database' })).toBeUndefined();
    expect(
      of('API', {}, { 'backstage.io/kubernetes-id': 'x' }),
    ).toBeUndefined();
  });

  it('states the selector like the Kubernetes backend', () => {
    expect(
      kubernetesSelector(entity({ 'backstage.io/kubernetes-id': 'payments' })),
    ).toBe('backstage.io/kubernetes-id=payments');
    expect(
      kubernetesSelector(
        entity({
          'backstage.io/kubernetes-id': 'payments',
          'backstage.io/kubernetes-label-selector': 'app=payments,tier=api',
        }),
      ),
    ).toBe('app=payments,tier=api');
  });

  it('puts HPA conditions in words', () => {
    expect(
      describeCondition({
        type: 'ScalingLimited',
        status: 'True',
        reason: 'TooManyReplicas',
      }),
    ).toBe('ScalingLimited: at maximum (TooManyReplicas)');
    expect(
      describeCondition({
        type: 'ScalingActive',
        status: 'False',
        reason: 'FailedGetExternalMetric',
      }),
    ).toBe(
      'ScalingActive: cannot read an external metric (FailedGetExternalMetric)',
    );
    expect(
      describeCondition({
        type: 'AbleToScale',
        status: 'False',
        reason: 'SomethingNew',
      }),
    ).toBe('AbleToScale: cannot scale (SomethingNew)');
    expect(
      describeCondition({ type: 'ScalingLimited', status: 'Unknown' }),
    ).toBe('ScalingLimited: unknown');
  });

  it('places the replica count between min and max', () => {
    const hpa = { minReplicas: 2, maxReplicas: 10 };
    expect(replicaPosition({ ...hpa, currentReplicas: 2 })).toBe(0);
    expect(replicaPosition({ ...hpa, currentReplicas: 6 })).toBe(0.5);
    expect(replicaPosition({ ...hpa, currentReplicas: 10 })).toBe(1);
    expect(replicaPosition({ ...hpa, currentReplicas: 0 })).toBe(0);
    expect(
      replicaPosition({ minReplicas: 3, maxReplicas: 3, currentReplicas: 3 }),
    ).toBe(1);
  });

  it('summarizes clusters for the card', () => {
    const [eks, gke] = oneClusterUnreachableResponse.clusters;
    expect(clusterTitle(eks)).toBe('EKS production (eks-prod)');
    expect(summarizeCluster(eks)).toBe('6/6 nodes ready · 1 workload');
    expect(summarizeCluster(gke)).toBe(
      'unreachable: timed out: no answer within 5000 ms',
    );
  });
});
