import { appNamespace, clusterEntityName, resourceEntityName } from '../naming';
import {
  ANNOTATION_BUDGET,
  ANNOTATION_CLOUD,
  ANNOTATION_COST_SELECTOR,
  ANNOTATION_ENVIRONMENT,
  ANNOTATION_KUBERNETES_NAMESPACE,
  ANNOTATION_REGION,
  ANNOTATION_RENDERER_VERSION,
  ANNOTATION_STACK,
  componentCostSelector,
} from '@skyforge/plugin-skyforge-common';
import { RENDERER_VERSION } from '../version';
import { CLOUD_NAMES, type Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import { enabledServices } from '../services/stackServices';
import type { ServiceResource } from '../services/types';
import { CAPABILITY_TAG, CLUSTER_TAG, sanitizeTagValue } from '../tags';
import { CLOUD_SERVICES } from './cloudServices';
import { clusterRegistration } from './clusterRegistration';
import { deploymentTargets, stackClouds } from '../spec/deploymentTargets';
import {
  runsKubernetes,
  SERVERLESS_RESOURCE_TYPE,
} from '../spec/computeTarget';

/**
 * Annotation keys the rendered catalog entities carry: the attribution contract's, from
 * skyforge-common, and Backstage's own (`kubernetes-id`, `techdocs-ref`).
 *
 * @public
 */
export const ANNOTATIONS = {
  kubernetesId: 'backstage.io/kubernetes-id',
  kubernetesNamespace: ANNOTATION_KUBERNETES_NAMESPACE,
  techdocsRef: 'backstage.io/techdocs-ref',
  costSelector: ANNOTATION_COST_SELECTOR,
  budget: ANNOTATION_BUDGET,
  stack: ANNOTATION_STACK,
  cloud: ANNOTATION_CLOUD,
  region: ANNOTATION_REGION,
  environment: ANNOTATION_ENVIRONMENT,
  rendererVersion: ANNOTATION_RENDERER_VERSION,
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

/** One kind of catalog Resource: the cluster, or a service's {@link ServiceResource}. */
interface ResourceKind extends ServiceResource {
  /** The managed product on one cloud. */
  product(cloud: Cloud): string;
}

function clusterResource(spec: StackSpec): ResourceKind {
  return {
    name: 'cluster',
    type: 'kubernetes-cluster',
    tag: 'kubernetes',
    noun: `cluster (Kubernetes ${spec.spec.cluster.kubernetesVersion})`,
    product: cloud => CLOUD_SERVICES[cloud].cluster,
  };
}

/** Where a serverless target runs the application instead of a cluster. */
const SERVERLESS_RESOURCE: ResourceKind = {
  name: 'service',
  type: SERVERLESS_RESOURCE_TYPE,
  tag: 'serverless',
  noun: 'serverless application service',
  product: cloud => CLOUD_SERVICES[cloud].serverless,
};

/**
 * The Resources of one environment × cloud, in file order: the cluster (or, on a serverless
 * target, the serverless service), then the services that have one.
 */
function resourceKinds(
  spec: StackSpec,
  target: { compute: 'kubernetes' | 'serverless' },
): ResourceKind[] {
  return [
    runsKubernetes(target) ? clusterResource(spec) : SERVERLESS_RESOURCE,
    ...enabledServices(spec).flatMap(service =>
      service.resource
        ? [
            {
              ...service.resource,
              product: (cloud: Cloud) => service.products[cloud].name,
            },
          ]
        : [],
    ),
  ];
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
  return componentCostSelector(sanitizeTagValue(spec.metadata.name));
}

/**
 * The entities `catalog-info.yaml` declares, in file order: the System, the Component, then one
 * Resource per environment × cloud × kind. The Component depends on every Resource, and
 * each cluster depends on the registry its nodes pull images from.
 */
export function catalogEntities(spec: StackSpec): CatalogEntity[] {
  const { name, owner, description } = spec.metadata;
  const system = systemEntityName(spec);
  const clouds = stackClouds(spec);

  const resources: CatalogEntity[] = deploymentTargets(spec).flatMap(target => {
    const { environment, cloud, region } = target;
    const kinds = resourceKinds(spec, target);
    const refOf = (kind: ResourceKind) =>
      `resource:default/${resourceEntityName({
        spec,
        environment,
        cloud,
        kind,
      })}`;
    return kinds.map((kind): CatalogEntity => {
      const pulledFrom = kinds.filter(other => other.clusterDependsOnIt);
      const runsApp = kind.name === 'cluster' || kind === SERVERLESS_RESOURCE;
      const dependsOn =
        runsApp && pulledFrom.length > 0 ? pulledFrom.map(refOf) : undefined;
      const product = kind.product(cloud);
      const isCluster = kind.type === 'kubernetes-cluster';
      // A cluster selects its control plane and nodes by name (rows that OpenCost, when it reads
      // the cluster, replaces); any other Resource its own capability's rows of the environment.
      const costSelector = isCluster
        ? `${CLUSTER_TAG}=${sanitizeTagValue(
            clusterEntityName({ spec, environment, cloud }),
          )}`
        : `${componentSelector(
            spec,
          )},environment=${environment},${CAPABILITY_TAG}=${kind.type}`;
      return {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: resourceEntityName({ spec, environment, cloud, kind }),
          title: `${name} ${environment} ${product}`,
          description: `${product} ${kind.noun} of ${spec.metadata.name} in ${environment}, ${CLOUD_NAMES[cloud]} ${region}; managed by Terraform in infra/envs/${environment}/${cloud}.`,
          tags: [cloud, environment, kind.tag],
          annotations: {
            [ANNOTATIONS.costSelector]: costSelector,
            [ANNOTATIONS.cloud]: cloud,
            [ANNOTATIONS.region]: region,
            [ANNOTATIONS.environment]: environment,
            ...(isCluster && clusterRegistration(target)),
          },
        },
        spec: {
          type: kind.type,
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
  const targets = deploymentTargets(spec);
  const onKubernetes = targets.some(runsKubernetes);
  const onServerless = !targets.every(runsKubernetes);
  const componentAnnotations: Record<string, string> = {
    ...(onKubernetes && {
      [ANNOTATIONS.kubernetesId]: name,
      [ANNOTATIONS.kubernetesNamespace]: appNamespace(name),
    }),
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
      tags: [
        ...clouds,
        ...(onKubernetes ? ['kubernetes'] : []),
        ...(onServerless ? ['serverless'] : []),
      ],
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
