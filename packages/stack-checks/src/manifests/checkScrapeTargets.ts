import {
  type KubernetesObject,
  type UnknownRecord,
  containersOf,
  describeObject,
  field,
  labelSelectorMatches,
  namespaceOf,
  podTemplates,
  records,
} from './kubernetesObjects';

/** The scrape objects of the managed collectors and where their endpoints are listed. */
const SCRAPE_KINDS: Record<string, string> = {
  // GKE, Google Cloud Managed Service for Prometheus (managed collection).
  'monitoring.googleapis.com/PodMonitoring': 'endpoints',
  // AKS, Azure Monitor managed Prometheus (its own API group).
  'azmonitoring.coreos.com/PodMonitor': 'podMetricsEndpoints',
};

function scrapeEndpoints(
  object: KubernetesObject,
): UnknownRecord[] | undefined {
  const group = object.apiVersion.split('/')[0];
  const list = SCRAPE_KINDS[`${group}/${object.kind}`];
  return list === undefined ? undefined : records(field(object, 'spec', list));
}

/** The container port a scrape endpoint names (by name or number), or undefined. */
function containerPort(
  ports: UnknownRecord[],
  port: unknown,
): UnknownRecord | undefined {
  return ports.find(
    candidate => candidate.name === port || candidate.containerPort === port,
  );
}

/** Whether an ingress rule's ports admit the container port (no ports admits every port). */
function admitsPort(rule: UnknownRecord, port: UnknownRecord): boolean {
  const ports = records(rule.ports);
  if (rule.ports === undefined) return true;
  return ports.some(
    entry =>
      entry.port === undefined ||
      entry.port === port.name ||
      entry.port === port.containerPort,
  );
}

/**
 * Every PodMonitoring (GKE) or PodMonitor (AKS) selects pods that exist in its namespace, names a
 * port their container declares, and a NetworkPolicy selecting those pods admits ingress to that
 * port: otherwise the managed collector finds no target, or its scrapes time out behind a
 * default-deny policy, and the dashboards and alerts stay empty without any error.
 */
export function checkScrapeTargets(
  objects: readonly KubernetesObject[],
): string[] {
  const problems: string[] = [];
  const policies = objects.filter(object => object.kind === 'NetworkPolicy');
  for (const monitor of objects) {
    const endpoints = scrapeEndpoints(monitor);
    if (endpoints === undefined) continue;
    const name = describeObject(monitor);
    const selector = field(monitor, 'spec', 'selector');
    const templates = podTemplates(objects).filter(
      template =>
        namespaceOf(template.owner) === namespaceOf(monitor) &&
        labelSelectorMatches(selector, template.labels),
    );
    if (templates.length === 0) {
      problems.push(`${name}: selects no pods`);
      continue;
    }
    for (const template of templates) {
      const ports = containersOf(template.spec).flatMap(container =>
        records(container.value.ports),
      );
      const ingressRules = policies
        .filter(
          policy =>
            namespaceOf(policy) === namespaceOf(template.owner) &&
            labelSelectorMatches(
              field(policy, 'spec', 'podSelector'),
              template.labels,
            ),
        )
        .flatMap(policy => records(field(policy, 'spec', 'ingress')));
      for (const endpoint of endpoints) {
        const port = containerPort(ports, endpoint.port);
        if (port === undefined) {
          problems.push(
            `${name}: port ${String(
              endpoint.port,
            )} is not a container port of ${describeObject(template.owner)}`,
          );
        } else if (!ingressRules.some(rule => admitsPort(rule, port))) {
          problems.push(
            `${name}: no NetworkPolicy admits ingress to port ${String(
              endpoint.port,
            )} of ${describeObject(template.owner)}`,
          );
        }
      }
    }
  }
  return problems;
}
