import { InputError } from '@backstage/errors';
import {
  STACK_API_VERSION,
  validateStackSpec,
  type StackSpec,
  type StackSpecIssue,
} from '@skyforge/stack-renderer';
import { STACK_INPUT_FIELDS, type StackInput } from './stackInputSchema';

/** Which action input fills which StackSpec field, so an error can name both. */
const INPUT_FOR_SPEC_PATH: Array<[string, string]> = [
  ['metadata.name', 'name'],
  ['metadata.owner', 'owner'],
  ['metadata.system', 'system'],
  ['metadata.description', 'description'],
  ['spec.clouds', 'clouds'],
  ['spec.regions', 'region'],
  ['spec.gcp.projectId', 'gcpProjectId'],
  ['spec.gcp', 'gcpProjects'],
  ['spec.environments', 'environments'],
  ['spec.size', 'size'],
  ['spec.network', 'networkCidr'],
  ['spec.cluster.kubernetesVersion', 'kubernetesVersion'],
  ['spec.cluster.gpu', 'gpu'],
  ['spec.cluster.spot', 'spot'],
  ['spec.services', 'services'],
  ['spec.app.image', 'image'],
  ['spec.app.port', 'port'],
  ['spec.app.healthPath', 'healthPath'],
  ['spec.app.hpa', 'hpa'],
  ['spec.app.ingress.host', 'ingressHost'],
  ['spec.app.ingress.tls', 'ingressTls'],
  ['spec.app', 'image'],
  ['spec.budget.currency', 'currency'],
  ['spec.budget', 'budget'],
];

/** Form fields left empty arrive as empty strings; the StackSpec wants them absent. */
function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function compact<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(object).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

function regionsFromInput(
  input: StackInput,
): Record<string, string> | undefined {
  const region = present(input.region);
  if (region === undefined) return input.regions;
  if (input.regions !== undefined) {
    throw new InputError(
      'Invalid stack input: give either "region" (one cloud) or "regions" (one per cloud), not both',
    );
  }
  const clouds = input.clouds ?? [];
  if (clouds.length !== 1) {
    throw new InputError(
      `Invalid stack input: "region" needs exactly one cloud in "clouds" (got ${clouds.length}); use "regions" for several clouds`,
    );
  }
  return { [clouds[0]]: region };
}

/** Builds the StackSpec document the individual input fields describe (not yet validated). */
export function stackSpecFromFields(
  input: StackInput,
): Record<string, unknown> {
  // A form asks for the project of every environment: those of environments not rendered go.
  const project = (environment: 'dev' | 'staging' | 'prod') =>
    input.environments === undefined || input.environments.includes(environment)
      ? present(input.gcpProjects?.[environment])
      : undefined;
  const gcpProjects =
    input.gcpProjects === undefined
      ? undefined
      : compact({
          dev: project('dev'),
          staging: project('staging'),
          prod: project('prod'),
        });
  const gcp = compact({
    projectId: present(input.gcpProjectId),
    projects:
      gcpProjects && Object.keys(gcpProjects).length > 0
        ? gcpProjects
        : undefined,
  });
  const networkCidr = present(input.networkCidr);
  const ingressHost = present(input.ingressHost);
  const cluster = compact({
    kubernetesVersion: present(input.kubernetesVersion),
    gpu: input.gpu,
    spot: present(input.spot),
  });
  const ingress = compact({ host: ingressHost, tls: input.ingressTls });
  const app = compact({
    image: present(input.image),
    port: input.port,
    healthPath: present(input.healthPath),
    hpa: input.hpa === undefined ? undefined : compact(input.hpa),
    ingress: Object.keys(ingress).length > 0 ? ingress : undefined,
  });
  return {
    apiVersion: STACK_API_VERSION,
    kind: 'Stack',
    metadata: compact({
      name: input.name,
      owner: input.owner,
      system: present(input.system),
      description: present(input.description),
    }),
    spec: compact({
      clouds: input.clouds,
      regions: regionsFromInput(input) ?? {},
      gcp: Object.keys(gcp).length > 0 ? gcp : undefined,
      environments: input.environments,
      size: present(input.size),
      network: networkCidr === undefined ? undefined : { cidr: networkCidr },
      cluster: Object.keys(cluster).length > 0 ? cluster : undefined,
      services:
        input.services === undefined ? undefined : compact(input.services),
      app,
      budget:
        input.budget === undefined
          ? undefined
          : {
              monthly: input.budget,
              currency: present(input.currency) ?? 'USD',
            },
    }),
  };
}

function describeIssue(issue: StackSpecIssue, fromFields: boolean): string {
  if (!fromFields) return `${issue.path}: ${issue.message}`;
  const match = INPUT_FOR_SPEC_PATH.find(
    ([prefix]) =>
      issue.path === prefix ||
      issue.path.startsWith(`${prefix}.`) ||
      issue.path.startsWith(`${prefix}[`),
  );
  return match
    ? `${issue.path}: ${issue.message} (input "${match[1]}")`
    : `${issue.path}: ${issue.message}`;
}

/**
 * Turns an action's input into a validated StackSpec: either the whole `spec` object or the
 * individual fields. Throws `InputError` naming every bad field and the rule it breaks.
 */
export function parseStackInput(input: StackInput): StackSpec {
  const fields = STACK_INPUT_FIELDS.filter(
    field => field !== 'spec' && input[field] !== undefined,
  );
  if (input.spec !== undefined && fields.length > 0) {
    throw new InputError(
      `Invalid stack input: give either "spec" or the individual fields, not both (also got ${fields
        .map(field => `"${field}"`)
        .join(', ')})`,
    );
  }
  const fromFields = input.spec === undefined;
  const document = fromFields ? stackSpecFromFields(input) : input.spec;
  const result = validateStackSpec(document);
  if (!result.success) {
    throw new InputError(
      `Invalid stack${fromFields ? '' : ' in input "spec"'}: ${result.issues
        .map(issue => describeIssue(issue, fromFields))
        .join('; ')}`,
    );
  }
  return result.spec;
}
