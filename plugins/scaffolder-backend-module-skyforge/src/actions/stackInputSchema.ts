import type { StackFields } from '@skyforge/stack-renderer';
import {
  SERVICE_DEFAULTS,
  SERVICE_IDS,
  type ServiceId,
} from '@skyforge/stack-renderer/spec';
import type { z as zod } from 'zod/v3';

type Zod = typeof zod;

/** The registry's services that a StackSpec gets (or not) when it does not mention them. */
function servicesDefaulting(enabled: boolean): string {
  return SERVICE_IDS.filter(id => SERVICE_DEFAULTS[id] === enabled).join(', ');
}

/**
 * The StackSpec fields an action accepts, as per-field zod callbacks for `createTemplateAction`.
 * Types only, apart from `services`, whose switches and defaults come from the renderer's service
 * registry: the fields are the renderer's `StackFields` (`StackInput` below fails to compile if
 * one is not), mapped by `stackSpecFromFields` and checked by the renderer's own schema, so the
 * action, the wizard's cost preview and the CLI report the same field and rule.
 */
export const stackInputSchema = {
  spec: (z: Zod) =>
    z
      .record(z.unknown())
      .optional()
      .describe(
        'A whole StackSpec (apiVersion skyforge.io/v1alpha1, kind Stack, metadata, spec), e.g. the `spec` output of skyforge:stack:render. Use either this or the individual fields below, not both.',
      ),
  name: (z: Zod) =>
    z
      .string()
      .optional()
      .describe(
        'Stack (component) name: 2 to 24 lowercase letters, digits or hyphens, starting with a letter.',
      ),
  owner: (z: Zod) =>
    z
      .string()
      .optional()
      .describe(
        'Owning group as an entity reference, e.g. group:default/payments.',
      ),
  system: (z: Zod) =>
    z
      .string()
      .optional()
      .describe('System the stack belongs to; defaults to the stack name.'),
  description: (z: Zod) =>
    z
      .string()
      .optional()
      .describe('One-line description (at most 280 characters).'),
  cloud: (z: Zod) =>
    z
      .string()
      .optional()
      .describe(
        'The one cloud of a single-cloud stack: aws, gcp or azure (as the Create form asks for it). Use either this or `clouds`.',
      ),
  clouds: (z: Zod) =>
    z
      .array(z.string())
      .optional()
      .describe('Clouds to render for: one or more of aws, gcp, azure.'),
  region: (z: Zod) =>
    z
      .string()
      .optional()
      .describe(
        'Region of a single-cloud stack, e.g. us-east-1, europe-west1 or westeurope. Use `regions` for several clouds.',
      ),
  regions: (z: Zod) =>
    z
      .record(z.string())
      .optional()
      .describe(
        'One region per cloud, e.g. { aws: us-east-1, gcp: europe-west1 }.',
      ),
  gcpProjects: (z: Zod) =>
    z
      .object({
        dev: z.string().optional(),
        staging: z.string().optional(),
        prod: z.string().optional(),
      })
      .optional()
      .describe(
        'GCP project ID of each environment, e.g. { dev: acme-payments-dev, prod: acme-payments-prod }; required when clouds includes gcp. Prod needs a project of its own: every GKE cluster in a project shares one workload identity pool.',
      ),
  gcpProjectId: (z: Zod) =>
    z
      .string()
      .optional()
      .describe(
        'One GCP project for every environment, allowed only for stacks without prod (use gcpProjects otherwise).',
      ),
  environments: (z: Zod) =>
    z
      .array(z.string())
      .optional()
      .describe(
        'Environments to render: any of dev, staging, prod (default: all three).',
      ),
  size: (z: Zod) =>
    z
      .string()
      .optional()
      .describe('Size preset: small, medium or large (default small).'),
  networkCidr: (z: Zod) =>
    z
      .string()
      .optional()
      .describe(
        'IPv4 /16 block the network is carved from (default 10.40.0.0/16).',
      ),
  kubernetesVersion: (z: Zod) =>
    z
      .string()
      .optional()
      .describe(
        'Kubernetes minor version in standard support on every chosen cloud, such as 1.36 (default: the newest one).',
      ),
  extendedSupport: (z: Zod) =>
    z
      .boolean()
      .optional()
      .describe(
        'EKS only: accept a Kubernetes version in EKS extended support ($0.60 instead of $0.10 per cluster-hour; default false).',
      ),
  gpu: (z: Zod) =>
    z
      .boolean()
      .optional()
      .describe('Add a GPU node pool that scales from zero (default false).'),
  spot: (z: Zod) =>
    z
      .string()
      .optional()
      .describe(
        'Spot capacity for the application pool: none, dev (dev environment only) or all (default dev).',
      ),
  services: (z: Zod) =>
    z
      .object(
        Object.fromEntries(
          SERVICE_IDS.map(id => [id, z.boolean().optional()]),
        ) as Record<ServiceId, zod.ZodOptional<zod.ZodBoolean>>,
      )
      .optional()
      .describe(
        `Managed services to create, each true or false: ${servicesDefaulting(
          true,
        )} (default true) and ${servicesDefaulting(false)} (default false).`,
      ),
  image: (z: Zod) =>
    z
      .string()
      .optional()
      .describe(
        'Container image pinned to a tag or digest, e.g. ghcr.io/acme/payments-api:1.4.2 (latest is refused).',
      ),
  port: (z: Zod) =>
    z
      .number()
      .optional()
      .describe(
        'Container port, at least 1024 as the container runs as non-root (default 8080).',
      ),
  healthPath: (z: Zod) =>
    z
      .string()
      .optional()
      .describe('HTTP path of the health probes (default /healthz).'),
  hpa: (z: Zod) =>
    z
      .object({
        min: z.number().optional(),
        max: z.number().optional(),
        cpu: z.number().optional(),
      })
      .optional()
      .describe(
        'Horizontal Pod Autoscaler: min and max replicas and the CPU target in percent (default 3, 10, 70).',
      ),
  ingressHost: (z: Zod) =>
    z
      .string()
      .optional()
      .describe(
        'DNS name the Ingress serves, e.g. payments.example.com; leave empty for none.',
      ),
  ingressTls: (z: Zod) =>
    z
      .boolean()
      .optional()
      .describe('Serve the Ingress over TLS (default true).'),
  budget: (z: Zod) =>
    z
      .number()
      .optional()
      .describe(
        'Monthly budget; the estimate is compared with it when the currency is USD.',
      ),
  currency: (z: Zod) =>
    z
      .string()
      .optional()
      .describe('Currency of the budget: USD, EUR or GBP (default USD).'),
  alertEmail: (z: Zod) =>
    z
      .string()
      .optional()
      .describe(
        'Email address that receives the alerts of every environment; leave empty for none.',
      ),
};

/**
 * The input that `stackInputSchema` describes: a whole `spec`, or fields of the renderer's
 * `StackFields` (a schema key that is not one of them does not compile).
 */
export type StackInput = { spec?: Record<string, unknown> } & Pick<
  StackFields,
  Exclude<keyof typeof stackInputSchema, 'spec'>
>;

/** The input fields of `stackInputSchema`, used to tell stack fields from action options. */
export const STACK_INPUT_FIELDS = Object.keys(stackInputSchema) as Array<
  keyof StackInput
>;
