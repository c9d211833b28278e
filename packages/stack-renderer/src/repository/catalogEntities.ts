import { appNamespace } from '../naming';
import { RENDERER_VERSION } from '../version';
import { CLOUD_NAMES, type Cloud } from '../spec/regions';
import type { Environment } from '../spec/profiles';
import type { StackSpec } from '../spec/stackSpec';
import { sanitizeTagValue } from '../tags';
import { CLOUD_SERVICES } from './cloudServices';
import { deploymentTargets, stackClouds } from './deploymentTargets';

/**
 * Annotation keys of the attribution contract (docs/architecture.md); mirrored in skyforge-common.
 *
 * @public
 */
export const ANNOTATIONS = {
  kubernetesId: 'backstage.io/kubernetes-id',
  kubernetesNamespace: 'backstage.io/kubernetes-namespace',
  techdocsRef: 'backstage.io/techdocs-ref',
  costSelector: 'skyforge.io/cost-selector',
  budget: 'skyforge.io/budget',
  stack: 'skyforge.io/stack',
  cloud: 'skyforge.io/cloud',
  region: 'skyforge.io/region',
  environment: 'skyforge.io/environment',
  rendererVersion: 'skyforge.io/renderer-version',
} as const;

/**
 * Value of `skyforge.io/stack` on the Component: the StackSpec's location relative to the
 * entity's own `catalog-info.yaml`. The catalog registers the entity from this repository, so
 * consumers resolve it against the entity's `backstage.io/managed-by-location` the same way
 * Backstage resolves `dir:.` TechDocs references (`ScmIntegrations.resolveUrl({ url, base })`);
 * the value stays correct if the repository is renamed, forked or moved to another host.
 */
export const SKYFORGE_STACK_LOCATION = './skyforge.yaml';

/** A catalog entity as written to `catalog-info.yaml` (kept free of Backstage dependencies). */
export interface CatalogEntity {
  apiVersion: 'backstage.io/v1alpha1';
  kind: 'System' | 'Component' | 'Resource';
  metadata: {
    name: string;
    title?: string;
    description?: string;
    tags?: string[];
    links?: Array<{ url: string; title: string; icon?: string }>;
    annotations?: Record<string, string>;
  };
  spec: Record<string, unknown>;
}

/** The kinds of catalog Resource a stack declares, in the order they are written. */
export const RESOURCE_CAPABILITIES = [
  'cluster',
  'database',
  'cache',
  'bucket',
  'registry',
] as const;
export type ResourceCapability = (typeof RESOURCE_CAPABILITIES)[number];

/** `spec.type` of each Resource: names in common use across Backstage catalogs. */
const RESOURCE_TYPES: Record<ResourceCapability, string> = {
  cluster: 'kubernetes-cluster',
  database: 'database',
  cache: 'cache',
  bucket: 'object-storage',
  registry: 'container-registry',
};

const RESOURCE_TAGS: Record<ResourceCapability, string> = {
  cluster: 'kubernetes',
  database: 'postgresql',
  cache: 'redis',
  bucket: 'object-storage',
  registry: 'containers',
};

/** The capabilities whose Resource exists in this stack: the cluster always, the rest when the service is on. */
export function resourceCapabilities(spec: StackSpec): ResourceCapability[] {
  const { services } = spec.spec;
  const enabled: Record<ResourceCapability, boolean> = {
    cluster: true,
    database: services.postgres,
    cache: services.redis,
    bucket: services.objectStorage,
    registry: services.registry,
  };
  return RESOURCE_CAPABILITIES.filter(capability => enabled[capability]);
}

/** Name of one Resource entity: `<name>-<env>-<cloud>-<capability>` (at most 47 characters). */
export function resourceEntityName(options: {
  spec: StackSpec;
  environment: Environment;
  cloud: Cloud;
  capability: ResourceCapability;
}): string {
  const { spec, environment, cloud, capability } = options;
  return `${spec.metadata.name}-${environment}-${cloud}-${capability}`;
}

/** The name of the System entity: `metadata.system`, or the stack name when no system is given. */
export function systemEntityName(spec: StackSpec): string {
  return spec.metadata.system ?? spec.metadata.name;
}

/** `kind:default/name`, the form Backstage's `stringifyEntityRef` produces. */
export function entityRef(entity: CatalogEntity): string {
  return `${entity.kind.toLowerCase()}:default/${entity.metadata.name}`;
}

function componentSelector(spec: StackSpec): string {
  return `skyforge-component=${sanitizeTagValue(spec.metadata.name)}`;
}

function resourceDescription(options: {
  capability: ResourceCapability;
  service: string;
  spec: StackSpec;
  environment: Environment;
  cloud: Cloud;
  region: string;
}): string {
  const { capability, service, spec, environment, cloud, region } = options;
  const what: Record<ResourceCapability, string> = {
    cluster: `${service} cluster (Kubernetes ${spec.spec.cluster.kubernetesVersion})`,
    database: `${service} database`,
    cache: `${service} cache`,
    bucket: `${service} bucket`,
    registry: `${service} repository`,
  };
  return `${what[capability]} of ${spec.metadata.name} in ${environment}, ${CLOUD_NAMES[cloud]} ${region}; managed by Terraform in infra/envs/${environment}/${cloud}.`;
}

function serviceName(cloud: Cloud, capability: ResourceCapability): string {
  return CLOUD_SERVICES[cloud][capability];
}

/**
 * The entities `catalog-info.yaml` declares, in file order: the System, the Component, then one
 * Resource per environment × cloud × capability. The Component depends on every Resource, and
 * each cluster depends on the registry its nodes pull images from.
 */
export function catalogEntities(spec: StackSpec): CatalogEntity[] {
  const { name, owner, description } = spec.metadata;
  const system = systemEntityName(spec);
  const clouds = stackClouds(spec);
  const capabilities = resourceCapabilities(spec);

  const resources: CatalogEntity[] = deploymentTargets(spec).flatMap(target => {
    const { environment, cloud, region } = target;
    const refOf = (capability: ResourceCapability) =>
      `resource:default/${resourceEntityName({
        spec,
        environment,
        cloud,
        capability,
      })}`;
    return capabilities.map((capability): CatalogEntity => {
      const dependsOn =
        capability === 'cluster' && capabilities.includes('registry')
          ? [refOf('registry')]
          : undefined;
      return {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: resourceEntityName({ spec, environment, cloud, capability }),
          title: `${name} ${environment} ${serviceName(cloud, capability)}`,
          description: resourceDescription({
            capability,
            service: serviceName(cloud, capability),
            spec,
            environment,
            cloud,
            region,
          }),
          tags: [cloud, environment, RESOURCE_TAGS[capability]],
          annotations: {
            [ANNOTATIONS.costSelector]: `${componentSelector(
              spec,
            )},environment=${environment}`,
            [ANNOTATIONS.cloud]: cloud,
            [ANNOTATIONS.region]: region,
            [ANNOTATIONS.environment]: environment,
          },
        },
        spec: {
          type: RESOURCE_TYPES[capability],
          owner,
          system,
          ...(dependsOn ? { dependsOn } : {}),
        },
      };
    });
  });

  const systemEntity: CatalogEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: system,
      description: spec.metadata.system
        ? `The ${system} system.`
        : description ?? `The ${name} stack.`,
      tags: [...clouds],
    },
    spec: { owner },
  };

  const { ingress } = spec.spec.app;
  const componentAnnotations: Record<string, string> = {
    [ANNOTATIONS.kubernetesId]: name,
    [ANNOTATIONS.kubernetesNamespace]: appNamespace(name),
    [ANNOTATIONS.costSelector]: componentSelector(spec),
    ...(spec.spec.budget
      ? {
          [ANNOTATIONS.budget]: `${spec.spec.budget.monthly} ${spec.spec.budget.currency}`,
        }
      : {}),
    [ANNOTATIONS.stack]: SKYFORGE_STACK_LOCATION,
    [ANNOTATIONS.rendererVersion]: RENDERER_VERSION,
    [ANNOTATIONS.techdocsRef]: 'dir:.',
  };
  const componentEntity: CatalogEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      ...(description ? { description } : {}),
      tags: [...clouds, 'kubernetes'],
      ...(ingress.host
        ? {
            links: [
              {
                url: `${ingress.tls ? 'https' : 'http'}://${ingress.host}`,
                title: 'Service endpoint',
                icon: 'web',
              },
            ],
          }
        : {}),
      annotations: componentAnnotations,
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner,
      system,
      dependsOn: resources.map(entityRef),
    },
  };

  return [systemEntity, componentEntity, ...resources];
}
