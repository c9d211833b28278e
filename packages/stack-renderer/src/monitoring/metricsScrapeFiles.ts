import type { KustomizeFile } from '../kustomize/kustomizeFiles';
import { kustomizeNames, selectorLabels } from '../kustomize/kustomizeNames';
import type { Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import {
  METRICS_PATH,
  METRICS_PORT_NAME,
  metricsNetworkPolicy,
  SCRAPE_INTERVAL_SECONDS,
} from './appMetrics';

/** Namespace of GKE's managed collectors (Managed Service for Prometheus, managed collection). */
const GKE_COLLECTOR_NAMESPACE = 'gmp-system';
/** Namespace of the AKS metrics add-on (ama-metrics), which also runs the PodMonitor jobs. */
const AKS_COLLECTOR_NAMESPACE = 'kube-system';

function fromNamespace(namespace: string): Record<string, unknown> {
  return {
    namespaceSelector: {
      matchLabels: { 'kubernetes.io/metadata.name': namespace },
    },
  };
}

function gcpFiles(spec: StackSpec): KustomizeFile[] {
  return [
    {
      file: 'pod-monitoring.yaml',
      comment: [
        'Managed Service for Prometheus (managed collection, on by default on GKE) scrapes the',
        `application's ${METRICS_PORT_NAME} port into Cloud Monitoring.`,
      ],
      value: {
        apiVersion: 'monitoring.googleapis.com/v1',
        kind: 'PodMonitoring',
        metadata: { name: kustomizeNames(spec).app },
        spec: {
          selector: { matchLabels: selectorLabels(spec) },
          endpoints: [
            {
              port: METRICS_PORT_NAME,
              path: METRICS_PATH,
              interval: `${SCRAPE_INTERVAL_SECONDS}s`,
            },
          ],
        },
      },
    },
    {
      file: 'network-policy-metrics.yaml',
      comment: [
        `The managed collectors run in ${GKE_COLLECTOR_NAMESPACE}; they reach the metrics port only.`,
      ],
      value: metricsNetworkPolicy({
        spec,
        from: [fromNamespace(GKE_COLLECTOR_NAMESPACE)],
      }),
    },
  ];
}

function azureFiles(spec: StackSpec): KustomizeFile[] {
  return [
    {
      file: 'pod-monitor.yaml',
      comment: [
        'The AKS metrics add-on (Azure Monitor managed Prometheus) picks up PodMonitors of its own',
        'API group, azmonitoring.coreos.com, and sends the samples through the data collection rule.',
      ],
      value: {
        apiVersion: 'azmonitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: { name: kustomizeNames(spec).app },
        spec: {
          // The limits Azure's templates set, so long labels are kept instead of dropped.
          labelLimit: 63,
          labelNameLengthLimit: 511,
          labelValueLengthLimit: 1023,
          selector: { matchLabels: selectorLabels(spec) },
          podMetricsEndpoints: [
            {
              port: METRICS_PORT_NAME,
              path: METRICS_PATH,
              interval: `${SCRAPE_INTERVAL_SECONDS}s`,
            },
          ],
        },
      },
    },
    {
      file: 'network-policy-metrics.yaml',
      comment: [
        `The metrics add-on runs in ${AKS_COLLECTOR_NAMESPACE}; it reaches the metrics port only.`,
      ],
      value: metricsNetworkPolicy({
        spec,
        from: [fromNamespace(AKS_COLLECTOR_NAMESPACE)],
      }),
    },
  ];
}

/**
 * The objects that let a cloud's managed Prometheus collect the application's metrics, for the
 * cloud's Kustomize component. AWS has none here: its managed collector runs outside the cluster,
 * its scrape job is Terraform's, and its NetworkPolicy depends on the environment's network
 * ({@link awsMetricsNetworkPolicy}).
 */
export function metricsScrapeFiles(
  spec: StackSpec,
  cloud: Cloud,
): KustomizeFile[] {
  if (!spec.spec.services.monitoring) return [];
  if (cloud === 'gcp') return gcpFiles(spec);
  if (cloud === 'azure') return azureFiles(spec);
  return [];
}

/**
 * AWS: the managed collector scrapes from its network interfaces in the private subnets, which
 * pods share, so the VPC range is admitted, to the metrics port only (never the application port).
 */
export function awsMetricsNetworkPolicy(options: {
  spec: StackSpec;
  vpcCidr: string;
}): KustomizeFile[] {
  if (!options.spec.spec.services.monitoring) return [];
  return [
    {
      file: 'network-policy-metrics.yaml',
      comment: [
        `The AMP managed collector scrapes from network interfaces in the private subnets of ${options.vpcCidr};`,
        'they share the range with pods, so the policy admits the VPC to the metrics port and nothing else.',
      ],
      value: metricsNetworkPolicy({
        spec: options.spec,
        from: [{ ipBlock: { cidr: options.vpcCidr } }],
      }),
    },
  ];
}
