import { STACK_API_VERSION } from '@skyforge/stack-renderer';

/**
 * The Create wizard's values as the scaffolder keeps them: the whole form, every step merged. The
 * field names are those of the `skyforge:stack:render` action's individual inputs, plus `cloud`
 * (a single cloud), the services as top-level checkboxes (`postgres`, `redis`, `objectStorage`,
 * `registry`, `monitoring`) and `budget` as `{ monthly, currency }` for forms that group them.
 *
 * @public
 */
export type StackFormValues = Record<string, unknown>;

/**
 * A problem with the form values that the StackSpec schema cannot see, named by form field.
 *
 * @public
 */
export interface StackFormIssue {
  /** The form field, e.g. `region` or `regions.gcp`. */
  field: string;
  message: string;
}

/**
 * The StackSpec document the form describes (not yet validated) and the form's own problems.
 *
 * @public
 */
export interface StackSpecFromFormValuesResult {
  document: Record<string, unknown>;
  issues: StackFormIssue[];
}

/** Form fields left empty arrive as empty strings (or not at all); the StackSpec wants them absent. */
function text(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  return value.trim() === '' ? undefined : value.trim();
}

function flag(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** Numbers as typed into a number field; a numeric string from a text field counts too. */
function number(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
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

/** Lists keep what the person picked; a stray non-string entry is passed on for the schema to name. */
function list(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) {
    return value.filter(item => item !== '' && item !== undefined);
  }
  const single = text(value);
  return single === undefined ? undefined : [single];
}

function clouds(values: StackFormValues): unknown[] | undefined {
  return list(values.clouds) ?? list(values.cloud);
}

function regions(
  values: StackFormValues,
  chosenClouds: unknown[] | undefined,
  issues: StackFormIssue[],
): Record<string, unknown> {
  const perCloud = record(values.regions);
  const region = text(values.region);
  if (perCloud !== undefined) {
    if (region !== undefined) {
      issues.push({
        field: 'region',
        message:
          'give either region (one cloud) or regions (one per cloud), not both',
      });
    }
    // A select left untouched for a cloud holds an empty string: that region is simply not chosen.
    return Object.fromEntries(
      Object.entries(perCloud).filter(
        ([, value]) => !(typeof value === 'string' && value.trim() === ''),
      ),
    );
  }
  if (region === undefined) {
    return {};
  }
  const cloudList = chosenClouds ?? [];
  if (cloudList.length === 0) {
    // No cloud yet: the schema names the missing clouds, which is what there is to do first.
    return {};
  }
  if (cloudList.length !== 1 || typeof cloudList[0] !== 'string') {
    issues.push({
      field: 'region',
      message: `needs exactly one cloud (got ${cloudList.length}); use regions for several clouds`,
    });
    return {};
  }
  return { [cloudList[0]]: region };
}

function budget(values: StackFormValues): Record<string, unknown> | undefined {
  const grouped = record(values.budget);
  const monthly = grouped ? number(grouped.monthly) : number(values.budget);
  if (monthly === undefined) {
    return undefined;
  }
  return {
    monthly,
    currency: text(grouped?.currency) ?? text(values.currency) ?? 'USD',
  };
}

/** Services as a `services` object, or as one checkbox per service at the top of the form. */
function services(
  values: StackFormValues,
): Record<string, unknown> | undefined {
  const chosen = record(values.services) ?? values;
  return nonEmpty({
    postgres: flag(chosen.postgres),
    redis: flag(chosen.redis),
    objectStorage: flag(chosen.objectStorage),
    registry: flag(chosen.registry),
    monitoring: flag(chosen.monitoring),
  });
}

/**
 * The GCP projects: `gcpProjects` (one per environment, `{ dev, staging, prod }`; the form asks
 * for all three, so those of environments not chosen are left out) and/or the single
 * `gcpProjectId` of a stack without prod. A wrong combination is passed on for the schema to name.
 */
function gcp(
  values: StackFormValues,
  environments: unknown[] | undefined,
): Record<string, unknown> | undefined {
  const projects = record(values.gcpProjects);
  const chosen = (environment: string) =>
    environments === undefined || environments.includes(environment)
      ? text(projects?.[environment])
      : undefined;
  return nonEmpty({
    projectId: text(values.gcpProjectId),
    projects: projects
      ? nonEmpty({
          dev: chosen('dev'),
          staging: chosen('staging'),
          prod: chosen('prod'),
        })
      : undefined,
  });
}

function hpa(values: StackFormValues): Record<string, unknown> | undefined {
  const chosen = record(values.hpa);
  return chosen
    ? nonEmpty({
        min: number(chosen.min),
        max: number(chosen.max),
        cpu: number(chosen.cpu),
      })
    : undefined;
}

/**
 * Maps the Create wizard's form values to a StackSpec document the way the `skyforge:stack:render`
 * action maps its individual inputs: empty fields are left out so that the renderer's defaults
 * apply, `region` is the region of a single cloud and `regions` one per cloud. The document is not
 * validated here: `validateStackSpec` names each bad field.
 *
 * @public
 */
export function stackSpecFromFormValues(
  values: StackFormValues,
): StackSpecFromFormValuesResult {
  const issues: StackFormIssue[] = [];
  const chosenClouds = clouds(values);
  const chosenEnvironments = list(values.environments);
  const networkCidr = text(values.networkCidr);
  const ingress = nonEmpty({
    host: text(values.ingressHost),
    tls: flag(values.ingressTls),
  });
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
      clouds: chosenClouds,
      regions: regions(values, chosenClouds, issues),
      gcp: gcp(values, chosenEnvironments),
      environments: chosenEnvironments,
      size: text(values.size),
      network: networkCidr === undefined ? undefined : { cidr: networkCidr },
      cluster: nonEmpty({
        kubernetesVersion: text(values.kubernetesVersion),
        gpu: flag(values.gpu),
        spot: text(values.spot),
      }),
      services: services(values),
      app: compact({
        image: text(values.image),
        port: number(values.port),
        healthPath: text(values.healthPath),
        hpa: hpa(values),
        ingress,
      }),
      budget: budget(values),
    }),
  };
  return { document, issues };
}
