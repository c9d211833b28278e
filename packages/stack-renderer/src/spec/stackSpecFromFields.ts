import { SERVICE_IDS } from '../services/types';
import {
  STACK_API_VERSION,
  validateStackSpec,
  type StackSpec,
} from './stackSpec';

/**
 * A stack described field by field: the Create wizard's form values (every step merged, as the
 * scaffolder keeps them), the `skyforge:stack:render` action's individual inputs, or a form values
 * file given to the CLI. A field left empty (`''`, `null`, absent) takes the StackSpec's default.
 *
 * Where a form and an action naturally differ, both shapes are accepted, never both at once:
 * `cloud` (one) or `clouds`; `region` (of the one cloud) or `regions` (one per cloud); the
 * services of the registry as top-level checkboxes (`postgres: true`) or as `services`; `budget` as a number (with `currency`) or as
 * `{ monthly, currency }`. Numbers may arrive as numeric strings from text fields.
 *
 * @public
 */
export type StackFields = {
  name?: string;
  owner?: string;
  system?: string;
  description?: string;
  cloud?: string;
  clouds?: string[];
  region?: string;
  regions?: Record<string, string>;
  gcpProjects?: { dev?: string; staging?: string; prod?: string };
  gcpProjectId?: string;
  environments?: string[];
  size?: string;
  networkCidr?: string;
  kubernetesVersion?: string;
  extendedSupport?: boolean;
  gpu?: boolean;
  spot?: string;
  services?: Partial<StackSpec['spec']['services']>;
  image?: string;
  port?: number | string;
  healthPath?: string;
  hpa?: { min?: number | string; max?: number | string; cpu?: number | string };
  ingressHost?: string;
  ingressTls?: boolean;
  budget?: number | string | { monthly?: number | string; currency?: string };
  currency?: string;
  alertEmail?: string;
} & Partial<StackSpec['spec']['services']>;

/**
 * One problem with the fields: the field to fix, the StackSpec path it fills and the rule it breaks.
 *
 * @public
 */
export interface StackFieldIssue {
  /** The field as given, e.g. `region`, `regions.gcp`, `postgres` or `services.postgres`. */
  field: string;
  /** The StackSpec path the field fills, e.g. `spec.regions.gcp`. */
  path: string;
  /** The rule the value breaks, e.g. `must be one of small, medium, large`. */
  message: string;
}

/** Every field `stackSpecFromFields` reads; a form's other fields (repository, preview) are not the stack's. */
export const STACK_FIELD_NAMES: ReadonlyArray<keyof StackFields> = [
  'name',
  'owner',
  'system',
  'description',
  'cloud',
  'clouds',
  'region',
  'regions',
  'gcpProjects',
  'gcpProjectId',
  'environments',
  'size',
  'networkCidr',
  'kubernetesVersion',
  'extendedSupport',
  'gpu',
  'spot',
  'services',
  ...SERVICE_IDS,
  'image',
  'port',
  'healthPath',
  'hpa',
  'ingressHost',
  'ingressTls',
  'budget',
  'currency',
  'alertEmail',
];

type Fields = Readonly<Record<string, unknown>>;

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '')
  );
}

/**
 * Text, trimmed; empty is absent. Anything else is passed on as it is, so the StackSpec schema
 * names the field and its type instead of the value vanishing.
 */
function text(value: unknown): unknown {
  if (isEmpty(value)) return undefined;
  return typeof value === 'string' ? value.trim() : value;
}

/** A number, or a numeric string from a text field; any other value is passed on for the schema to name. */
function number(value: unknown): unknown {
  if (isEmpty(value)) return undefined;
  if (typeof value === 'string') {
    const parsed = Number(value.trim());
    return Number.isFinite(parsed) ? parsed : value;
  }
  return value;
}

function flag(value: unknown): unknown {
  return value === null ? undefined : value;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Drops the fields left unset, so that the schema's defaults apply to them. */
function compact(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object).filter(([, value]) => value !== undefined),
  );
}

function nonEmpty(
  object: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const compacted = compact(object);
  return Object.keys(compacted).length > 0 ? compacted : undefined;
}

/** A list keeps what was picked (a single value counts as a list of one); empty entries go. */
function list(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.filter(item => !isEmpty(item)).map(text);
  }
  const single = text(value);
  return single === undefined || typeof single !== 'string' ? single : [single];
}

/** Maps every key of an object through `map`, keeping keys it does not know for the schema to name. */
function mapObject(
  value: unknown,
  map: (key: string, item: unknown) => unknown,
): unknown {
  const object = record(value);
  if (object === undefined) return isEmpty(value) ? undefined : value;
  return nonEmpty(
    Object.fromEntries(
      Object.entries(object).map(([key, item]) => [key, map(key, item)]),
    ),
  );
}

/** How the fields were given, so that a StackSpec problem names the field that was written. */
interface Shape {
  singleCloud: boolean;
  singleRegion: boolean;
  serviceCheckboxes: boolean;
  groupedBudget: boolean;
}

function clouds(
  fields: Fields,
  issues: StackFieldIssue[],
): { value: unknown; singleCloud: boolean } {
  const many = list(fields.clouds);
  const one = text(fields.cloud);
  if (one !== undefined && many !== undefined) {
    issues.push({
      field: 'cloud',
      path: 'spec.clouds',
      message:
        'give either cloud (one cloud) or clouds (one or more), not both',
    });
  }
  if (many !== undefined) return { value: many, singleCloud: false };
  return {
    value: one === undefined ? undefined : [one],
    // With neither given, a form with one region asks for one cloud.
    singleCloud: fields.cloud !== undefined || !isEmpty(fields.region),
  };
}

function regions(
  fields: Fields,
  chosenClouds: unknown,
  issues: StackFieldIssue[],
): { value: unknown; singleRegion: boolean } {
  const region = text(fields.region);
  // A select left untouched for a cloud holds an empty string: that region is simply not chosen.
  const perCloud = mapObject(fields.regions, (_cloud, value) => text(value));
  if (perCloud !== undefined) {
    if (region !== undefined) {
      issues.push({
        field: 'region',
        path: 'spec.regions',
        message:
          'give either region (one cloud) or regions (one per cloud), not both',
      });
    }
    // The wizard shows a region select for every cloud; only the chosen clouds' regions count.
    const chosen =
      Array.isArray(chosenClouds) &&
      chosenClouds.every(cloud => typeof cloud === 'string')
        ? (chosenClouds as string[])
        : undefined;
    const value =
      chosen &&
      typeof perCloud === 'object' &&
      perCloud !== null &&
      !Array.isArray(perCloud)
        ? Object.fromEntries(
            Object.entries(perCloud).filter(([cloud]) =>
              chosen.includes(cloud),
            ),
          )
        : perCloud;
    return { value, singleRegion: false };
  }
  const cloudList = Array.isArray(chosenClouds) ? chosenClouds : [];
  if (region === undefined) {
    // Nothing chosen yet: one cloud asks for its region, several for one region each.
    return { value: {}, singleRegion: cloudList.length <= 1 };
  }
  if (cloudList.length === 0 || typeof cloudList[0] !== 'string') {
    // No cloud (or no readable one) yet: the schema names clouds, which is what there is to fix first.
    return { value: {}, singleRegion: true };
  }
  if (cloudList.length !== 1) {
    issues.push({
      field: 'region',
      path: 'spec.regions',
      message: `needs exactly one cloud (got ${cloudList.length}); use regions for several clouds`,
    });
    return { value: {}, singleRegion: true };
  }
  return { value: { [cloudList[0]]: region }, singleRegion: true };
}

/**
 * The GCP projects: `gcpProjects` (one per environment; a form asks for all three, so those of
 * environments not chosen are left out) and/or the single `gcpProjectId` of a stack without prod.
 * A wrong combination is passed on for the schema to name.
 */
function gcp(fields: Fields, environments: unknown): unknown {
  const chosen = (environment: string) =>
    !Array.isArray(environments) || environments.includes(environment);
  return nonEmpty({
    projectId: text(fields.gcpProjectId),
    projects: mapObject(fields.gcpProjects, (environment, project) =>
      ['dev', 'staging', 'prod'].includes(environment) && !chosen(environment)
        ? undefined
        : text(project),
    ),
  });
}

function services(
  fields: Fields,
  issues: StackFieldIssue[],
): { value: unknown; serviceCheckboxes: boolean } {
  const checkboxes = SERVICE_IDS.filter(service => !isEmpty(fields[service]));
  const grouped = mapObject(fields.services, (_service, value) => flag(value));
  if (grouped !== undefined) {
    if (checkboxes.length > 0) {
      issues.push({
        field: checkboxes[0],
        path: `spec.services.${checkboxes[0]}`,
        message: `give the services either as services or as top-level fields (${SERVICE_IDS.join(
          ', ',
        )}), not both`,
      });
    }
    return { value: grouped, serviceCheckboxes: false };
  }
  return {
    value: nonEmpty(
      Object.fromEntries(
        SERVICE_IDS.map(service => [service, flag(fields[service])]),
      ),
    ),
    serviceCheckboxes: checkboxes.length > 0,
  };
}

function budget(fields: Fields): { value: unknown; groupedBudget: boolean } {
  const grouped = record(fields.budget);
  const monthly = number(grouped ? grouped.monthly : fields.budget);
  if (monthly === undefined) {
    // A currency alone is no budget: forms send their default currency whether or not a budget is set.
    return { value: undefined, groupedBudget: grouped !== undefined };
  }
  const { monthly: _monthly, currency: _currency, ...rest } = grouped ?? {};
  return {
    value: compact({
      ...rest,
      monthly,
      currency: text(grouped?.currency) ?? text(fields.currency),
    }),
    groupedBudget: grouped !== undefined,
  };
}

/** The field a StackSpec path was filled from, given the shape the fields came in. */
function fieldOf(path: string, shape: Shape): string {
  const [root, section, key, ...rest] = path.split(/\.|(?=\[)/);
  if (root === 'metadata') return section ?? path;
  if (root !== 'spec' || section === undefined) return path;
  const below = (prefix: string, ...keys: Array<string | undefined>) =>
    [prefix, ...keys].filter(Boolean).join('.');
  switch (section) {
    case 'clouds':
      return shape.singleCloud ? 'cloud' : 'clouds';
    case 'regions':
      return shape.singleRegion ? 'region' : below('regions', key);
    case 'gcp':
      return key === 'projectId'
        ? 'gcpProjectId'
        : below('gcpProjects', key === 'projects' ? rest[0] : undefined);
    case 'environments':
      return 'environments';
    case 'size':
      return 'size';
    case 'network':
      return 'networkCidr';
    case 'cluster':
      return key ?? path;
    case 'services':
      return shape.serviceCheckboxes && key ? key : below('services', key);
    case 'app':
      if (key === 'hpa') return below('hpa', rest[0]);
      if (key === 'ingress')
        return rest[0] === 'tls' ? 'ingressTls' : 'ingressHost';
      return key ?? path;
    case 'budget':
      if (key === 'currency') {
        return shape.groupedBudget ? 'budget.currency' : 'currency';
      }
      return shape.groupedBudget ? below('budget', key) : 'budget';
    case 'alerts':
      return 'alertEmail';
    default:
      return path;
  }
}

/**
 * Turns a stack described field by field into a validated StackSpec, the one mapping the Create
 * wizard's cost preview, the `skyforge:stack:render` and `skyforge:stack:estimate` actions and the
 * `skyforge` CLI (`--form`) share. Empty fields take the StackSpec's defaults; a value of the wrong
 * type is never dropped but refused. Every problem names the field, the StackSpec path it fills
 * and the rule it breaks.
 *
 * @public
 */
export function stackSpecFromFields(
  fields: StackFields | Readonly<Record<string, unknown>>,
):
  | { success: true; spec: StackSpec }
  | { success: false; issues: StackFieldIssue[] } {
  const values = fields as Fields;
  const issues: StackFieldIssue[] = [];
  const chosenClouds = clouds(values, issues);
  const chosenRegions = regions(values, chosenClouds.value, issues);
  const chosenServices = services(values, issues);
  const chosenBudget = budget(values);
  const environments = list(values.environments);
  const networkCidr = text(values.networkCidr);
  const document = {
    apiVersion: STACK_API_VERSION,
    kind: 'Stack',
    metadata: compact({
      name: text(values.name),
      owner: text(values.owner),
      system: text(values.system),
      description: text(values.description),
    }),
    spec: compact({
      clouds: chosenClouds.value,
      regions: chosenRegions.value,
      gcp: gcp(values, environments),
      environments,
      size: text(values.size),
      network: networkCidr === undefined ? undefined : { cidr: networkCidr },
      cluster: nonEmpty({
        kubernetesVersion: text(values.kubernetesVersion),
        extendedSupport: flag(values.extendedSupport),
        gpu: flag(values.gpu),
        spot: text(values.spot),
      }),
      services: chosenServices.value,
      app: compact({
        image: text(values.image),
        port: number(values.port),
        healthPath: text(values.healthPath),
        hpa: mapObject(values.hpa, (key, value) =>
          ['min', 'max', 'cpu'].includes(key) ? number(value) : value,
        ),
        ingress: nonEmpty({
          host: text(values.ingressHost),
          tls: flag(values.ingressTls),
        }),
      }),
      budget: chosenBudget.value,
      alerts: nonEmpty({ email: text(values.alertEmail) }),
    }),
  };
  if (issues.length > 0) return { success: false, issues };
  const result = validateStackSpec(document);
  if (result.success) return result;
  const shape: Shape = {
    singleCloud: chosenClouds.singleCloud,
    singleRegion: chosenRegions.singleRegion,
    serviceCheckboxes: chosenServices.serviceCheckboxes,
    groupedBudget: chosenBudget.groupedBudget,
  };
  return {
    success: false,
    issues: result.issues.map(issue => ({
      field: fieldOf(issue.path, shape),
      path: issue.path,
      message: issue.message,
    })),
  };
}
