import { z } from 'zod';
import { CLOUDS, CLOUD_NAMES, REGIONS, type Cloud } from './regions';
import { SIZES } from './presets';
import { ENVIRONMENTS, type Environment } from './profiles';
import {
  defaultKubernetesVersion,
  kubernetesVersionIssue,
} from './kubernetesVersions';
import { SERVICE_DEFAULTS, STACK_SERVICES } from '../services/stackServices';
import type { ServiceId } from '../services/types';
import {
  NETWORK_PLAN_SIZE,
  NETWORK_TARGETS,
  targetCidr,
  type NetworkTarget,
} from './networkPlan';
import {
  appEnvSchema,
  appOverrideSchema,
  appResourcesSchema,
} from './appSettingsSchema';
import { nodePoolIssues, nodePoolSchema } from './nodePoolSpec';
import {
  COMPUTE_TARGETS,
  computeIssues,
  environmentCompute,
} from './computeTarget';
import { SECRET_NAME, registryCredentialsIssues } from './registryCredentials';
import { cloudRunImageIssues } from './cloudRunImage';

/**
 * The `apiVersion` every StackSpec carries.
 *
 * @public
 */
export const STACK_API_VERSION = 'skyforge.io/v1alpha1';

/**
 * Where application pools run on spot or preemptible capacity: nowhere, in dev, or everywhere.
 *
 * @public
 */
export const SPOT_POLICIES = ['none', 'dev', 'all'] as const;
/**
 * Currencies a budget may be stated in.
 *
 * @public
 */
export const CURRENCIES = ['USD', 'EUR', 'GBP'] as const;

const CLOUD_ARTICLES: Record<Cloud, string> = {
  aws: 'an',
  gcp: 'a',
  azure: 'an',
};

/** "an AWS", "a GCP", "an Azure". */
function describeCloud(cloud: Cloud): string {
  return `${CLOUD_ARTICLES[cloud]} ${CLOUD_NAMES[cloud]}`;
}

/** `spec.services`: one switch per service of the registry, with its default. */
function serviceSwitches(): Record<ServiceId, z.ZodDefault<z.ZodBoolean>> {
  return Object.fromEntries(
    STACK_SERVICES.map(service => [
      service.id,
      z.boolean().default(service.enabledByDefault),
    ]),
  ) as Record<ServiceId, z.ZodDefault<z.ZodBoolean>>;
}

const NAME_RULE =
  'must be 2 to 24 lowercase letters, digits or hyphens, start with a letter and not end with a hyphen';
const name = z.string().regex(/^[a-z][a-z0-9-]{0,22}[a-z0-9]$/, NAME_RULE);

const gcpProjectId = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
    'must be a GCP project ID: 6 to 30 lowercase letters, digits or hyphens, starting with a letter',
  );

const ENTITY_REF =
  /^((group|user):)?([a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]{0,62}$/i;
const CIDR =
  /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(\d|[12]\d|3[0-2])$/;
const HOSTNAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const ROUTE53_ZONE_ID = /^Z[0-9A-Z]{1,31}$/;
// One mailbox (the on-call alias): SNS, Cloud Monitoring and Azure action groups take one address each.
const EMAIL = /^[\w.+-]+@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
/** `owner/name` of a GitHub repository. */
const GITHUB_REPOSITORY =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
/** A relative path inside a repository: no leading `/`, no `..` segment. */
const RELATIVE_PATH = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[\w./-]+$/;

/**
 * `spec.app.build`: where the apply workflow builds the application image from (a repository of
 * its own, at a branch, tag or commit). The image goes to the stack's registries, pinned by digest.
 */
const appBuildSchema = z
  .object({
    repository: z
      .string()
      .regex(
        GITHUB_REPOSITORY,
        'must be a GitHub repository as owner/name, such as acme/checkout',
      ),
    ref: z
      .string()
      .regex(
        /^[\w./-]{1,255}$/,
        'must be a branch, tag or commit SHA such as main or v1.4.2',
      )
      .default('main'),
    context: z
      .string()
      .regex(RELATIVE_PATH, 'must be a relative path inside the repository')
      .default('.'),
    dockerfile: z
      .string()
      .regex(RELATIVE_PATH, 'must be a relative path inside the repository')
      .default('Dockerfile'),
  })
  .strict();

// An image reference pinned by tag or digest; `latest` is refused because it is not a version.
const IMAGE =
  /^[a-z0-9]+([._/:-][a-z0-9]+)*(:[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/;

const networkBlock = z
  .string()
  .regex(CIDR, 'must be an IPv4 CIDR block such as 10.40.0.0/16')
  .refine(
    cidr => Number(cidr.split('/')[1]) === 16,
    'must be a /16 block (subnets are carved from it per zone)',
  );

const hpa = z
  .object({
    min: z
      .number()
      .int()
      .min(1, 'must be at least 1')
      .max(100, 'must be at most 100')
      .default(3),
    max: z
      .number()
      .int()
      .min(1, 'must be at least 1')
      .max(500, 'must be at most 500')
      .default(10),
    cpu: z
      .number()
      .int()
      .min(10, 'must be at least 10 (%)')
      .max(95, 'must be at most 95 (%)')
      .default(70),
    // Average memory utilisation to keep (%): a second metric of the HPA, and of serverless scaling
    // (which targets 80 % when it is left out).
    memory: z
      .number()
      .int()
      .min(10, 'must be at least 10 (%)')
      .max(95, 'must be at most 95 (%)')
      .optional(),
    // Serverless only: the load balancer's average response time to keep, in milliseconds.
    latencyMs: z
      .number()
      .int()
      .min(10, 'must be at least 10 (ms)')
      .max(10_000, 'must be at most 10000 (ms)')
      .optional(),
  })
  .strict();

const compute = z.enum(
  COMPUTE_TARGETS,
  `must be one of ${COMPUTE_TARGETS.join(', ')}`,
);

const environmentOverride = z
  .object({
    size: z.enum(SIZES).optional(),
    compute: compute.optional(),
    gpu: z.boolean().optional(),
    hpa: z
      .object({
        min: z.number().int().min(1, 'must be at least 1').max(100).optional(),
        max: z.number().int().min(1, 'must be at least 1').max(500).optional(),
      })
      .strict()
      .optional(),
    app: appOverrideSchema.optional(),
  })
  .strict();

/** Why one project for every environment is refused when prod is among them. */
const SHARED_PROJECT_RULE =
  'every GKE cluster in a project shares one workload identity pool, so a shared project lets the dev cluster act as the prod service accounts';

/**
 * The GCP project rules: `projects` names one project per environment (prod's its own), and the
 * single `projectId` is allowed only for stacks without prod.
 */
function gcpProjectIssues(spec: {
  environments: readonly Environment[];
  gcp?: {
    projectId?: string;
    projects?: Partial<Record<Environment, string>>;
  };
}): Array<{ path: PropertyKey[]; message: string }> {
  const { environments, gcp } = spec;
  const base = ['spec', 'gcp'];
  if (!gcp || (gcp.projectId === undefined && gcp.projects === undefined)) {
    return [
      {
        path: [...base, 'projects'],
        message: `is required because clouds includes gcp: one project ID per environment (${environments.join(
          ', ',
        )})`,
      },
    ];
  }
  if (gcp.projectId !== undefined && gcp.projects !== undefined) {
    return [
      {
        path: [...base, 'projectId'],
        message:
          'must not be set together with projects; give each environment its project in projects',
      },
    ];
  }
  if (gcp.projectId !== undefined) {
    return environments.includes('prod')
      ? [
          {
            path: [...base, 'projectId'],
            message: `is allowed only for stacks without prod: ${SHARED_PROJECT_RULE}; set projects with one project per environment instead`,
          },
        ]
      : [];
  }
  const projects = gcp.projects ?? {};
  const issues: Array<{ path: PropertyKey[]; message: string }> = [];
  for (const environment of environments) {
    if (projects[environment] === undefined) {
      issues.push({
        path: [...base, 'projects', environment],
        message: `is required because environments includes ${environment}`,
      });
    }
  }
  for (const environment of Object.keys(projects) as Environment[]) {
    if (!environments.includes(environment)) {
      issues.push({
        path: [...base, 'projects', environment],
        message: `is set but environments does not include ${environment}`,
      });
    }
  }
  const prod = projects.prod;
  const sharedWithProd = environments.filter(
    environment => environment !== 'prod' && projects[environment] === prod,
  );
  if (prod !== undefined && sharedWithProd.length > 0) {
    issues.push({
      path: [...base, 'projects', 'prod'],
      message: `must differ from the project of ${sharedWithProd.join(
        ' and ',
      )}: ${SHARED_PROJECT_RULE}`,
    });
  }
  return issues;
}

/**
 * The zod schema of a StackSpec; `parseStackSpec` and `validateStackSpec` apply it and word its issues.
 *
 * @public
 */
export const stackSpecSchema = z
  .object({
    apiVersion: z.literal(STACK_API_VERSION, `must be "${STACK_API_VERSION}"`),
    kind: z.literal('Stack', 'must be "Stack"'),
    metadata: z
      .object({
        name,
        owner: z
          .string()
          .regex(
            ENTITY_REF,
            'must be a catalog entity reference such as group:default/payments',
          ),
        system: name.optional(),
        description: z
          .string()
          .max(280, 'must be at most 280 characters')
          .optional(),
      })
      .strict(),
    spec: z
      .object({
        clouds: z
          .array(z.enum(CLOUDS, `must be one of ${CLOUDS.join(', ')}`))
          .min(1, 'must name at least one cloud')
          .refine(
            list => new Set(list).size === list.length,
            'must not repeat a cloud',
          ),
        regions: z
          .record(z.string(), z.string())
          .superRefine((regions, ctx) => {
            for (const [cloud, region] of Object.entries(regions)) {
              if (!(CLOUDS as readonly string[]).includes(cloud)) {
                ctx.addIssue({
                  code: 'custom',
                  path: [cloud],
                  message: `is not a cloud (one of ${CLOUDS.join(', ')})`,
                });
              } else if (!(region in REGIONS[cloud as Cloud])) {
                ctx.addIssue({
                  code: 'custom',
                  path: [cloud],
                  message: `"${region}" is not ${describeCloud(
                    cloud as Cloud,
                  )} region (one of ${Object.keys(REGIONS[cloud as Cloud]).join(
                    ', ',
                  )})`,
                });
              }
            }
          }),
        gcp: z
          .object({
            projectId: gcpProjectId.optional(),
            projects: z
              .object({
                dev: gcpProjectId,
                staging: gcpProjectId,
                prod: gcpProjectId,
              })
              .partial()
              .strict()
              .optional(),
          })
          .strict()
          .optional(),
        environments: z
          .array(
            z.enum(ENVIRONMENTS, `must be one of ${ENVIRONMENTS.join(', ')}`),
          )
          .min(1, 'must name at least one environment')
          .refine(
            list => new Set(list).size === list.length,
            'must not repeat an environment',
          )
          .default(['dev', 'staging', 'prod']),
        size: z
          .enum(SIZES, `must be one of ${SIZES.join(', ')}`)
          .default('small'),
        // Where the application runs; kubernetes when left out (computeTarget.ts).
        compute: compute.optional(),
        // Each environment × cloud gets its own /16 (networkPlan.ts): `cidr` is the first of the
        // blocks the plan numbers from, `cidrs` pins single targets to other blocks.
        network: z
          .object({
            cidr: networkBlock
              .refine(
                cidr =>
                  Number(cidr.split('.')[1]) + NETWORK_PLAN_SIZE - 1 <= 255,
                `must leave room for the ${NETWORK_PLAN_SIZE} /16 blocks of the address plan (second octet at most ${
                  256 - NETWORK_PLAN_SIZE
                })`,
              )
              .default('10.40.0.0/16'),
            cidrs: z
              .partialRecord(
                z.enum(
                  NETWORK_TARGETS,
                  `must be an environment and cloud such as ${NETWORK_TARGETS[0]}`,
                ),
                networkBlock,
              )
              .optional(),
          })
          .strict()
          .default({ cidr: '10.40.0.0/16' }),
        cluster: z
          .object({
            // Checked against the dated support table below; the default depends on the clouds.
            kubernetesVersion: z
              .string()
              .regex(
                /^1\.[0-9]{1,2}$/,
                'must be a Kubernetes minor version such as 1.36',
              )
              .optional(),
            // EKS only: accept a version in EKS extended support ($0.60 instead of $0.10 per cluster-hour).
            extendedSupport: z.boolean().default(false),
            gpu: z.boolean().default(false),
            spot: z
              .enum(SPOT_POLICIES, `must be one of ${SPOT_POLICIES.join(', ')}`)
              .default('dev'),
            publicEndpointCidrs: z
              .array(
                z
                  .string()
                  .regex(CIDR, 'must be an IPv4 CIDR block')
                  .refine(
                    cidr => !cidr.endsWith('/0'),
                    'must not open the API to the whole internet',
                  ),
              )
              .max(20, 'must list at most 20 blocks')
              .default([]),
            // Custom pools instead of the size preset's (nodePoolSpec.ts has their rules).
            nodePools: z
              .array(nodePoolSchema)
              .min(1, 'must list at least one pool (or leave nodePools out)')
              .max(10, 'must list at most 10 pools')
              .optional(),
          })
          .strict()
          .default({
            extendedSupport: false,
            gpu: false,
            spot: 'dev',
            publicEndpointCidrs: [],
          }),
        services: z
          .object(serviceSwitches())
          .strict()
          .default(() => ({ ...SERVICE_DEFAULTS })),
        app: z
          .object({
            image: z
              .string()
              .regex(
                IMAGE,
                'must be an image reference pinned to a tag or digest, such as ghcr.io/acme/api:1.4.2',
              )
              .refine(
                image => !/:latest$/.test(image),
                'must not use the "latest" tag',
              ),
            // The app's source, built by the apply workflow: unset, spec.app.image is deployed as is.
            build: appBuildSchema.optional(),
            // ECS (AWS serverless without services.registry) pulls a private spec.app.image with
            // the username and password in this Secrets Manager secret (by name, in each account).
            registryCredentials: z
              .string()
              .regex(
                SECRET_NAME,
                'must be the name of a Secrets Manager secret (letters, digits and /_+=.@-, at most 512), such as ghcr-pull',
              )
              .optional(),
            port: z
              .number()
              .int()
              .min(
                1024,
                'must be at least 1024 (the container runs as non-root)',
              )
              .max(65535, 'must be at most 65535')
              .default(8080),
            healthPath: z
              .string()
              .regex(/^\/[\w./-]*$/, 'must be an absolute URL path')
              .default('/healthz'),
            // Plain settings of every environment (overrides.<env>.app.env adds or replaces some).
            env: appEnvSchema.default({}),
            // Without it each environment has its profile's size (overrides.<env>.app.resources wins).
            resources: appResourcesSchema.optional(),
            hpa: hpa.default({ min: 3, max: 10, cpu: 70 }),
            // Every replica needs one NVIDIA GPU: the pods run on the GPU pool of GPU environments.
            gpu: z.boolean().default(false),
            ingress: z
              .object({
                host: z
                  .string()
                  .regex(
                    HOSTNAME,
                    'must be a lowercase DNS name such as api.example.com',
                  )
                  .optional(),
                // Defaults to true when a host is set: a certificate needs a name.
                tls: z.boolean().optional(),
                // AWS: the public hosted zone of the host; Terraform then validates the ACM
                // certificate and points the host at the load balancer by itself.
                route53ZoneId: z
                  .string()
                  .regex(
                    ROUTE53_ZONE_ID,
                    'must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ',
                  )
                  .optional(),
              })
              .strict()
              .default({}),
          })
          .strict(),
        budget: z
          .object({
            monthly: z
              .number()
              .positive('must be greater than 0')
              .max(10_000_000, 'must be at most 10000000'),
            currency: z
              .enum(CURRENCIES, `must be one of ${CURRENCIES.join(', ')}`)
              .default('USD'),
          })
          .strict()
          .optional(),
        // Where alerts go: the monitoring alert rules, database alarms and budget notifications.
        alerts: z
          .object({
            email: z
              .string()
              .regex(
                EMAIL,
                'must be an email address such as oncall@example.com',
              )
              .optional(),
          })
          .strict()
          .optional(),
        overrides: z
          .object({
            dev: environmentOverride,
            staging: environmentOverride,
            prod: environmentOverride,
          })
          .partial()
          .strict()
          .default({}),
      })
      .strict(),
  })
  .strict()
  .superRefine((stack, ctx) => {
    const { clouds, regions, environments, app, overrides } = stack.spec;
    for (const cloud of clouds) {
      const region = regions[cloud];
      if (region === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['spec', 'regions', cloud],
          message: `is required because clouds includes ${cloud}`,
        });
      }
    }
    if (clouds.includes('gcp')) {
      for (const issue of gcpProjectIssues(stack.spec))
        ctx.addIssue({ code: 'custom', ...issue });
    }
    for (const key of Object.keys(regions)) {
      if (!clouds.includes(key as Cloud)) {
        ctx.addIssue({
          code: 'custom',
          path: ['spec', 'regions', key],
          message: `is set but clouds does not include ${key}`,
        });
      }
    }
    // A planned block must be the only user of its /16. Pinned targets may share one: stacks
    // rendered before the plan keep every network on spec.network.cidr (migrateStackDocument).
    const pinned = stack.spec.network.cidrs ?? {};
    const owners = new Map<string, NetworkTarget[]>();
    for (const environment of environments) {
      for (const cloud of clouds) {
        const key: NetworkTarget = `${environment}-${cloud}`;
        const cidr = targetCidr({
          network: stack.spec.network,
          environment,
          cloud,
        });
        owners.set(cidr, [...(owners.get(cidr) ?? []), key]);
      }
    }
    for (const [cidr, keys] of owners) {
      const planned = keys.filter(key => pinned[key] === undefined);
      if (keys.length > 1 && planned.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['spec', 'network', 'cidrs', keys.find(key => pinned[key])!],
          message: `${cidr} is also the planned network of ${planned.join(
            ', ',
          )}: pin another block (every environment and cloud needs its own so networks can be peered)`,
        });
      }
    }
    for (const key of Object.keys(pinned)) {
      const [environment, cloud] = key.split('-');
      if (
        !environments.includes(environment as Environment) ||
        !clouds.includes(cloud as Cloud)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['spec', 'network', 'cidrs', key],
          message: `is set but the stack has no ${environment} environment on ${cloud}`,
        });
      }
    }
    for (const issue of computeIssues(stack.spec))
      ctx.addIssue({ code: 'custom', ...issue });
    for (const issue of [
      ...registryCredentialsIssues(stack.spec),
      ...cloudRunImageIssues(stack.spec),
    ])
      ctx.addIssue({ code: 'custom', ...issue });
    if (app.build && !stack.spec.services.registry) {
      ctx.addIssue({
        code: 'custom',
        path: ['spec', 'app', 'build'],
        message:
          'needs services.registry: the built image is pushed to the registry the stack creates',
      });
    }
    const { cluster } = stack.spec;
    for (const issue of nodePoolIssues({
      nodePools: cluster.nodePools,
      clouds,
      regions,
    }))
      ctx.addIssue({ code: 'custom', ...issue });
    if (cluster.kubernetesVersion !== undefined) {
      const problem = kubernetesVersionIssue({
        version: cluster.kubernetesVersion,
        clouds,
        extendedSupport: cluster.extendedSupport,
      });
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          path: ['spec', 'cluster', 'kubernetesVersion'],
          message: problem,
        });
      }
    }
    if (cluster.extendedSupport && !clouds.includes('aws')) {
      ctx.addIssue({
        code: 'custom',
        path: ['spec', 'cluster', 'extendedSupport'],
        message:
          'applies to EKS only, and clouds does not include aws (GKE and AKS versions must be in standard support)',
      });
    }
    const { ingress } = app;
    if (ingress.tls === true && ingress.host === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['spec', 'app', 'ingress', 'host'],
        message:
          'is required when spec.app.ingress.tls is true: a certificate is issued for a name (set a host, or set tls to false to serve plain HTTP)',
      });
    }
    if (ingress.route53ZoneId !== undefined) {
      if (ingress.host === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['spec', 'app', 'ingress', 'route53ZoneId'],
          message: 'needs spec.app.ingress.host: the zone holds records for it',
        });
      }
      if (!clouds.includes('aws')) {
        ctx.addIssue({
          code: 'custom',
          path: ['spec', 'app', 'ingress', 'route53ZoneId'],
          message: 'is a Route 53 zone, and clouds does not include aws',
        });
      }
    }
    // A GPU pool for the application where a cluster runs it; serverless GPUs: computeTarget.ts.
    if (
      app.gpu &&
      !cluster.gpu &&
      !Object.values(overrides).some(override => override?.gpu) &&
      environments.some(
        environment =>
          environmentCompute(stack.spec, environment) === 'kubernetes',
      )
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['spec', 'app', 'gpu'],
        message:
          'needs a GPU pool: set spec.cluster.gpu (or spec.overrides.<environment>.gpu) to true',
      });
    }
    if (app.hpa.max < app.hpa.min) {
      ctx.addIssue({
        code: 'custom',
        path: ['spec', 'app', 'hpa', 'max'],
        message: `must be at least hpa.min (${app.hpa.min})`,
      });
    }
    for (const [environment, override] of Object.entries(overrides)) {
      if (!environments.includes(environment as never)) {
        ctx.addIssue({
          code: 'custom',
          path: ['spec', 'overrides', environment],
          message: `overrides an environment that is not in environments (${environments.join(
            ', ',
          )})`,
        });
      }
      const min = override?.hpa?.min ?? app.hpa.min;
      const max = override?.hpa?.max ?? app.hpa.max;
      if (max < min) {
        ctx.addIssue({
          code: 'custom',
          path: ['spec', 'overrides', environment, 'hpa', 'max'],
          message: `must be at least the minimum replicas (${min})`,
        });
      }
    }
  })
  .transform(stack => {
    const { cluster, app } = stack.spec;
    return {
      ...stack,
      spec: {
        ...stack.spec,
        cluster: {
          ...cluster,
          kubernetesVersion:
            cluster.kubernetesVersion ??
            defaultKubernetesVersion(stack.spec.clouds),
        },
        app: {
          ...app,
          ingress: {
            ...app.ingress,
            tls: app.ingress.tls ?? app.ingress.host !== undefined,
          },
        },
      },
    };
  });

/**
 * A validated StackSpec with every default filled in.
 *
 * @public
 */
export type StackSpec = z.output<typeof stackSpecSchema>;
/**
 * A StackSpec as written by a person, defaults optional.
 *
 * @public
 */
export type StackSpecInput = z.input<typeof stackSpecSchema>;

/**
 * One problem with a StackSpec: the dotted field path and the rule it breaks.
 *
 * @public
 */
export interface StackSpecIssue {
  path: string;
  message: string;
}

/**
 * Thrown by {@link parseStackSpec}; its message lists every issue as `path: rule`.
 *
 * @public
 */
export class StackSpecError extends Error {
  readonly issues: StackSpecIssue[];

  constructor(issues: StackSpecIssue[]) {
    super(
      `Invalid StackSpec:\n${issues
        .map(issue => `  ${issue.path}: ${issue.message}`)
        .join('\n')}`,
    );
    this.name = 'StackSpecError';
    this.issues = issues;
  }
}

function issuePath(path: ReadonlyArray<PropertyKey>): string {
  return (
    path.reduce<string>((text, key) => {
      if (typeof key === 'number') return `${text}[${key}]`;
      return text ? `${text}.${String(key)}` : String(key);
    }, '') || '(root)'
  );
}

function describeIssue(issue: z.core.$ZodIssue): StackSpecIssue {
  const path = issuePath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return {
      path,
      message: `has unknown field(s) ${issue.keys
        .map(key => `"${key}"`)
        .join(', ')}`,
    };
  }
  if (issue.code === 'invalid_type') {
    return {
      path,
      message:
        issue.input === undefined
          ? 'is required'
          : `must be ${
              issue.expected === 'int'
                ? 'a whole number'
                : `a ${issue.expected}`
            }`,
    };
  }
  return { path, message: issue.message };
}

/**
 * Validates a StackSpec without throwing.
 *
 * @public
 */
export function validateStackSpec(
  input: unknown,
):
  | { success: true; spec: StackSpec }
  | { success: false; issues: StackSpecIssue[] } {
  const result = stackSpecSchema.safeParse(input, { reportInput: true });
  if (result.success) {
    const spec = result.data;
    // Canonical order keeps renders identical however the lists were written.
    spec.spec.clouds = CLOUDS.filter(cloud => spec.spec.clouds.includes(cloud));
    spec.spec.environments = ENVIRONMENTS.filter(env =>
      spec.spec.environments.includes(env),
    );
    return { success: true, spec };
  }
  return { success: false, issues: result.error.issues.map(describeIssue) };
}

/**
 * Validates a StackSpec and fills in defaults; throws {@link StackSpecError} naming each bad field.
 *
 * @public
 */
export function parseStackSpec(input: unknown): StackSpec {
  const result = validateStackSpec(input);
  if (!result.success) throw new StackSpecError(result.issues);
  return result.spec;
}
