import { computeAutoscalerHealth } from './computeAutoscalerHealth';
import type { HorizontalPodAutoscaler } from './kubernetesTypes';
import { readListFixture, toClusterObjects } from './__testUtils__/fixtures';

const hpas = () =>
  toClusterObjects(readListFixture('workloads-payments.json'))
    .horizontalPodAutoscalers;
const hpa = (name: string) =>
  hpas().find(
    candidate => candidate.metadata.name === name,
  ) as HorizontalPodAutoscaler;

describe('computeAutoscalerHealth', () => {
  it('reads every metric type with current and target, and "at max" from ScalingLimited', () => {
    const { autoscaler, problems } = computeAutoscalerHealth({
      hpa: hpa('payments-api'),
    });
    expect(autoscaler).toMatchObject({
      namespace: 'payments',
      name: 'payments-api',
      target: 'Deployment/payments-api',
      minReplicas: 2,
      maxReplicas: 4,
      currentReplicas: 4,
      desiredReplicas: 4,
      atMax: true,
      lastScaleTime: '2025-11-24T09:31:46Z',
    });
    expect(autoscaler.metrics).toEqual([
      { type: 'Resource', name: 'cpu', target: '70%', current: '92%' },
      {
        type: 'ContainerResource',
        name: 'memory (container app)',
        target: '80%',
        current: '69%',
      },
      {
        type: 'Pods',
        name: 'http_requests_per_second',
        target: '100 per pod',
        current: '143500m per pod',
      },
      {
        type: 'Object',
        name: 'requests_per_second (Ingress/payments-api)',
        target: '2k',
        current: '2870',
      },
      {
        type: 'External',
        name: 'sqs_approximate_number_of_messages_visible',
        target: '30 per pod',
        current: '41 per pod',
      },
    ]);
    expect(
      autoscaler.conditions.map(c => `${c.type}=${c.status}/${c.reason}`),
    ).toEqual([
      'AbleToScale=True/ReadyForNewScale',
      'ScalingActive=True/ValidMetricFound',
      'ScalingLimited=True/TooManyReplicas',
    ]);
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message:
          'HPA payments-api is at its maximum of 4 replicas and wants more: the desired replica count is more than the maximum replica count',
      }),
    ]);
  });

  it('is not at max when replicas equal the maximum but ScalingLimited is False', () => {
    const { autoscaler, problems } = computeAutoscalerHealth({
      hpa: hpa('payments-cache'),
    });
    expect(autoscaler.currentReplicas).toBe(autoscaler.maxReplicas);
    expect(autoscaler.atMax).toBe(false);
    expect(autoscaler.metrics).toEqual([
      {
        type: 'Resource',
        name: 'memory',
        target: '1536Mi per pod',
        current: '1484Mi per pod',
      },
    ]);
    expect(problems).toEqual([]);
  });

  it('is not at max when limited by the minimum (TooFewReplicas)', () => {
    const [checkout] = toClusterObjects(
      readListFixture('workloads-checkout.json'),
    ).horizontalPodAutoscalers;
    const { autoscaler } = computeAutoscalerHealth({ hpa: checkout });
    expect(
      autoscaler.conditions.find(c => c.type === 'ScalingLimited'),
    ).toMatchObject({ status: 'True', reason: 'TooFewReplicas' });
    expect(autoscaler.atMax).toBe(false);
  });

  it('reports an HPA that cannot read its metrics, leaving the current value out', () => {
    const { autoscaler, problems } = computeAutoscalerHealth({
      hpa: hpa('keda-hpa-payments-worker'),
    });
    expect(autoscaler.metrics).toEqual([
      {
        type: 'External',
        name: 's0-rabbitmq-payments-settlement',
        target: '20 per pod',
      },
    ]);
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringMatching(
          /^HPA keda-hpa-payments-worker cannot compute a replica count \(FailedGetExternalMetric\)/,
        ),
      }),
    ]);
  });

  it('reports an HPA that cannot scale its target (AbleToScale False)', () => {
    const broken = hpa('payments-cache');
    broken.status!.conditions = [
      {
        type: 'AbleToScale',
        status: 'False',
        reason: 'FailedGetScale',
        message:
          'the HPA controller was unable to get the target\'s current scale: statefulsets/scale.apps "payments-cache" not found',
      },
    ];
    const { problems } = computeAutoscalerHealth({ hpa: broken });
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: expect.stringContaining('(FailedGetScale)'),
      }),
    ]);
  });
});
