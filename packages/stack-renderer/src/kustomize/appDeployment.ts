import { commonAppSettings } from '../spec/appSettings';
import type { StackSpec } from '../spec/stackSpec';
import {
  APP_USER_ID,
  CONTAINER_NAME,
  HTTP_PORT_NAME,
  PRE_STOP_SLEEP_SECONDS,
  TERMINATION_GRACE_PERIOD_SECONDS,
  kustomizeNames,
  selectorLabels,
} from './kustomizeNames';
import { METRICS_PORT, METRICS_PORT_NAME } from '../monitoring/appMetrics';

function httpProbe(options: {
  path: string;
  periodSeconds: number;
  failureThreshold: number;
}) {
  return {
    httpGet: { path: options.path, port: HTTP_PORT_NAME },
    periodSeconds: options.periodSeconds,
    timeoutSeconds: 2,
    failureThreshold: options.failureThreshold,
  };
}

/** The application Deployment of the base. */
export function appDeployment(spec: StackSpec): Record<string, unknown> {
  const names = kustomizeNames(spec);
  const { app } = spec.spec;
  const selector = selectorLabels(spec);
  const spread = (topologyKey: string) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: selector },
    matchLabelKeys: ['pod-template-hash'],
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: names.app },
    spec: {
      revisionHistoryLimit: 5,
      selector: { matchLabels: selector },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' },
      },
      template: {
        metadata: { labels: selector },
        spec: {
          serviceAccountName: names.app,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: TERMINATION_GRACE_PERIOD_SECONDS,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: APP_USER_ID,
            runAsGroup: APP_USER_ID,
            fsGroup: APP_USER_ID,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          topologySpreadConstraints: [
            spread('topology.kubernetes.io/zone'),
            spread('kubernetes.io/hostname'),
          ],
          containers: [
            {
              name: CONTAINER_NAME,
              image: app.image,
              imagePullPolicy: 'IfNotPresent',
              ports: [
                {
                  name: HTTP_PORT_NAME,
                  containerPort: app.port,
                  protocol: 'TCP',
                },
                ...(spec.spec.services.monitoring
                  ? [
                      {
                        name: METRICS_PORT_NAME,
                        containerPort: METRICS_PORT,
                        protocol: 'TCP',
                      },
                    ]
                  : []),
              ],
              envFrom: [{ configMapRef: { name: names.config } }],
              resources: commonAppSettings(spec).resources,
              startupProbe: httpProbe({
                path: app.healthPath,
                periodSeconds: 2,
                failureThreshold: 60,
              }),
              readinessProbe: httpProbe({
                path: app.healthPath,
                periodSeconds: 5,
                failureThreshold: 3,
              }),
              livenessProbe: httpProbe({
                path: app.healthPath,
                periodSeconds: 10,
                failureThreshold: 3,
              }),
              lifecycle: {
                preStop: { sleep: { seconds: PRE_STOP_SLEEP_SECONDS } },
              },
              securityContext: {
                runAsNonRoot: true,
                allowPrivilegeEscalation: false,
                privileged: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }],
        },
      },
    },
  };
}

/** Comment on top of `deployment.yaml`: the choices a reviewer would ask about. */
export const DEPLOYMENT_COMMENT: readonly string[] = [
  'The application. No `replicas`: the HorizontalPodAutoscaler owns the replica count, and a',
  'value here would reset it on every apply.',
  '- Rolling updates start new pods before stopping old ones (maxUnavailable 0), so capacity never dips.',
  `- preStop sleeps ${PRE_STOP_SLEEP_SECONDS}s so load balancers deregister the pod before it stops accepting`,
  `  connections; terminationGracePeriodSeconds (${TERMINATION_GRACE_PERIOD_SECONDS}s) leaves time to finish in-flight requests.`,
  '- The startup probe gives a slow start up to 2 minutes before liveness checks may restart the pod.',
  '- Runs as a non-root high UID with a read-only root filesystem (writable /tmp only), no',
  "  capabilities, no privilege escalation and the runtime's default seccomp profile: it passes the",
  '  `restricted` Pod Security Standard the namespace enforces.',
  "- matchLabelKeys spreads each rollout's new pods on their own, across zones and nodes.",
];
