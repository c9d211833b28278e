/**
 * A Kubernetes object as parsed from a manifest; only the fields every object has are typed.
 *
 * @public
 */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** A check over a whole build: returns one human-readable problem per finding, empty when clean. */
export type ManifestCheck = (objects: readonly KubernetesObject[]) => string[];

export type UnknownRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value at a path of record keys, or undefined where the path does not exist.
 *
 * @public
 */
export function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** The records of an array field, ignoring anything else. */
export function records(value: unknown): UnknownRecord[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** A string map (labels, selectors), or an empty one. */
export function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') result[key] = entry;
  }
  return result;
}

/** @public */
export function isKubernetesObject(value: unknown): value is KubernetesObject {
  return (
    isRecord(value) &&
    typeof value.apiVersion === 'string' &&
    typeof value.kind === 'string' &&
    typeof field(value, 'metadata', 'name') === 'string'
  );
}

/** `Deployment payments/payments-api`, the way problems name an object. */
export function describeObject(object: KubernetesObject): string {
  const { namespace, name } = object.metadata;
  return `${object.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

export function namespaceOf(object: KubernetesObject): string {
  return object.metadata.namespace ?? '';
}

/** A pod template inside a workload (or a bare Pod). */
export interface PodTemplate {
  owner: KubernetesObject;
  labels: Record<string, string>;
  spec: UnknownRecord;
}

const TEMPLATE_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'ReplicationController',
]);

export function podTemplates(
  objects: readonly KubernetesObject[],
): PodTemplate[] {
  const templates: PodTemplate[] = [];
  for (const object of objects) {
    let template: unknown;
    if (TEMPLATE_KINDS.has(object.kind))
      template = field(object, 'spec', 'template');
    else if (object.kind === 'CronJob')
      template = field(object, 'spec', 'jobTemplate', 'spec', 'template');
    else if (object.kind === 'Pod') template = object;
    const spec = field(template, 'spec');
    if (isRecord(spec)) {
      templates.push({
        owner: object,
        labels: stringMap(field(template, 'metadata', 'labels')),
        spec,
      });
    }
  }
  return templates;
}

/** A container of a pod template, with whether it is an init container. */
export interface Container {
  name: string;
  init: boolean;
  value: UnknownRecord;
}

export function containersOf(spec: UnknownRecord): Container[] {
  const describe = (init: boolean) => (value: UnknownRecord) => ({
    name: typeof value.name === 'string' ? value.name : '(unnamed)',
    init,
    value,
  });
  return [
    ...records(spec.initContainers).map(describe(true)),
    ...records(spec.containers).map(describe(false)),
  ];
}

/** `Deployment ns/name container app`, the way problems name a container. */
export function describeContainer(
  template: PodTemplate,
  container: Container,
): string {
  return `${describeObject(template.owner)} ${
    container.init ? 'init container' : 'container'
  } ${container.name}`;
}

/**
 * Whether a LabelSelector (`matchLabels` + `matchExpressions`) selects these labels. An empty
 * selector selects everything; a missing one selects nothing.
 */
export function labelSelectorMatches(
  selector: unknown,
  labels: Record<string, string>,
): boolean {
  if (!isRecord(selector)) return false;
  for (const [key, value] of Object.entries(stringMap(selector.matchLabels))) {
    if (labels[key] !== value) return false;
  }
  for (const expression of records(selector.matchExpressions)) {
    const key = String(expression.key);
    const values = Array.isArray(expression.values)
      ? expression.values.map(String)
      : [];
    const present = key in labels;
    switch (expression.operator) {
      case 'In':
        if (!present || !values.includes(labels[key])) return false;
        break;
      case 'NotIn':
        if (present && values.includes(labels[key])) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Whether a Service-style selector (a plain map) selects these labels; an empty map selects nothing. */
export function mapSelectorMatches(
  selector: Record<string, string>,
  labels: Record<string, string>,
): boolean {
  const entries = Object.entries(selector);
  return (
    entries.length > 0 && entries.every(([key, value]) => labels[key] === value)
  );
}
