import {
  CLUSTER_AUTH_PROVIDERS,
  clusterRegistrationAnnotations,
} from '@skyforge/plugin-skyforge-common';
import { parseAllDocuments } from 'yaml';
import { parseStackSpec } from '../spec/stackSpec';
import { exampleSpecs } from '../testing/exampleSpecs';
import { RENDERER_VERSION } from '../version';
import { catalogEntityRefs } from './catalogEntityRefs';
import { SKYFORGE_STACK_LOCATION, type CatalogEntity } from './catalogEntities';
import { renderCatalogInfo } from './renderCatalogInfo';

const ENTITY_NAME = /^[a-zA-Z0-9]+([-_.][a-zA-Z0-9]+)*$/;
const TAG = /^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/;

function documents(key: string): CatalogEntity[] {
  const text = renderCatalogInfo(parseStackSpec(exampleSpecs[key]));
  const parsed = parseAllDocuments(text);
  if (!Array.isArray(parsed))
    throw new Error('expected a multi-document stream');
  for (const document of parsed) expect(document.errors).toEqual([]);
  return parsed.map(document => document.toJS() as CatalogEntity);
}

const refOf = (entity: CatalogEntity) =>
  `${entity.kind.toLowerCase()}:default/${entity.metadata.name}`;

describe('renderCatalogInfo', () => {
  it('declares a System, a Component and a Resource per environment × cloud × capability', () => {
    const entities = documents('aws-small');
    expect(entities.map(entity => entity.kind)).toEqual([
      'System',
      'Component',
      ...Array(15).fill('Resource'),
    ]);
    expect(entities.map(refOf).slice(0, 4)).toEqual([
      'system:default/payments',
      'component:default/payments-api',
      'resource:default/payments-api-dev-aws-cluster',
      'resource:default/payments-api-dev-aws-database',
    ]);
    const types = new Set(
      entities
        .filter(entity => entity.kind === 'Resource')
        .map(entity => entity.spec.type),
    );
    expect([...types].sort()).toEqual([
      'cache',
      'container-registry',
      'database',
      'kubernetes-cluster',
      'object-storage',
    ]);
  });

  it.each(Object.keys(exampleSpecs))(
    'lists in catalogEntityRefs exactly the entities of %s',
    key => {
      expect(documents(key).map(refOf)).toEqual(
        catalogEntityRefs(parseStackSpec(exampleSpecs[key])),
      );
    },
  );

  it.each(Object.keys(exampleSpecs))(
    'keeps names, tags and relations of %s valid',
    key => {
      const entities = documents(key);
      const refs = new Set(entities.map(refOf));
      expect(refs.size).toBe(entities.length);
      for (const entity of entities) {
        expect(entity.apiVersion).toBe('backstage.io/v1alpha1');
        expect(entity.metadata.name).toMatch(ENTITY_NAME);
        expect(entity.metadata.name.length).toBeLessThanOrEqual(63);
        for (const tag of entity.metadata.tags ?? []) expect(tag).toMatch(TAG);
        for (const target of (entity.spec.dependsOn as string[] | undefined) ??
          [])
          expect(refs).toContain(target);
      }
      const component = entities.find(entity => entity.kind === 'Component')!;
      const resources = entities
        .filter(entity => entity.kind === 'Resource')
        .map(refOf);
      expect(component.spec.dependsOn).toEqual(resources);
      expect(component.spec.system).toBe(entities[0]!.metadata.name);
    },
  );

  it('annotates the Component for the Kubernetes plugin, cost, budget, stack, renderer version and TechDocs', () => {
    const component = documents('aws-small').find(
      entity => entity.kind === 'Component',
    )!;
    expect(component.spec).toMatchObject({
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/payments',
      system: 'payments',
    });
    expect(component.metadata.annotations).toEqual({
      'backstage.io/kubernetes-id': 'payments-api',
      'backstage.io/kubernetes-namespace': 'payments-api',
      'skyforge.io/cost-selector': 'skyforge-component=payments-api',
      'skyforge.io/budget': '2500 USD',
      'skyforge.io/stack': SKYFORGE_STACK_LOCATION,
      'skyforge.io/renderer-version': RENDERER_VERSION,
      'backstage.io/techdocs-ref': 'dir:.',
    });
  });

  it('annotates each Resource with its cloud, region and environment cost selector', () => {
    const entities = documents('all-clouds-gpu');
    const cluster = entities.find(
      entity => entity.metadata.name === 'checkout-prod-gcp-cluster',
    )!;
    expect(cluster.spec).toEqual({
      type: 'kubernetes-cluster',
      owner: 'group:default/commerce',
      system: 'commerce',
      dependsOn: ['resource:default/checkout-prod-gcp-registry'],
    });
    expect(cluster.metadata.annotations).toEqual({
      'skyforge.io/cost-selector':
        'kubernetes-cluster=checkout-prod-gcp-cluster',
      'skyforge.io/cloud': 'gcp',
      'skyforge.io/region': 'europe-west4',
      'skyforge.io/environment': 'prod',
      'kubernetes.io/api-server': '',
      'kubernetes.io/api-server-certificate-authority': '',
      'kubernetes.io/auth-provider': 'googleServiceAccount',
      'kubernetes.io/skip-metrics-lookup': 'true',
    });
    expect(cluster.metadata.tags).toEqual(['gcp', 'prod', 'kubernetes']);
    const database = entities.find(
      entity => entity.metadata.name === 'checkout-prod-gcp-database',
    )!;
    expect(database.metadata.annotations?.['skyforge.io/cost-selector']).toBe(
      'skyforge-component=checkout,environment=prod,skyforge-capability=database',
    );
  });

  it('registers each AWS cluster with exactly the annotations of the registration contract, the deploy-time ones empty', () => {
    const entities = documents('aws-small');
    const cluster = entities.find(
      entity => entity.metadata.name === 'payments-api-prod-aws-cluster',
    )!;
    const registration = Object.fromEntries(
      Object.entries(cluster.metadata.annotations ?? {}).filter(([key]) =>
        key.startsWith('kubernetes.io/'),
      ),
    );
    expect(Object.keys(registration).sort()).toEqual(
      clusterRegistrationAnnotations('aws')
        .map(annotation => annotation.key)
        .sort(),
    );
    expect(registration).toEqual({
      'kubernetes.io/api-server': '',
      'kubernetes.io/api-server-certificate-authority': '',
      'kubernetes.io/auth-provider': CLUSTER_AUTH_PROVIDERS.aws,
      'kubernetes.io/skip-metrics-lookup': 'true',
      'kubernetes.io/x-k8s-aws-id': 'payments-api-prod',
      'kubernetes.io/aws-assume-role': '',
    });
  });

  it.each([
    [
      'gcp' as const,
      'search-prod-gcp-cluster',
      'gcp-medium',
      {
        'kubernetes.io/api-server': '',
        // The DNS endpoint's certificate is publicly trusted: no CA is pinned.
        'kubernetes.io/api-server-certificate-authority': '',
        'kubernetes.io/auth-provider': 'googleServiceAccount',
        'kubernetes.io/skip-metrics-lookup': 'true',
      },
    ],
    [
      'azure' as const,
      'ledger-prod-azure-cluster',
      'azure-small',
      {
        'kubernetes.io/api-server': '',
        'kubernetes.io/api-server-certificate-authority': '',
        'kubernetes.io/auth-provider': 'azure',
        'kubernetes.io/skip-metrics-lookup': 'true',
      },
    ],
  ])(
    'registers each %s cluster with exactly the annotations of the registration contract',
    (cloud, name, example, expected) => {
      const cluster = documents(example).find(
        entity => entity.metadata.name === name,
      )!;
      const registration = Object.fromEntries(
        Object.entries(cluster.metadata.annotations ?? {}).filter(([key]) =>
          key.startsWith('kubernetes.io/'),
        ),
      );
      expect(Object.keys(registration).sort()).toEqual(
        clusterRegistrationAnnotations(cloud)
          .map(annotation => annotation.key)
          .sort(),
      );
      expect(registration).toEqual(expected);
      expect(registration['kubernetes.io/auth-provider']).toBe(
        CLUSTER_AUTH_PROVIDERS[cloud],
      );
    },
  );

  it('names the System after the stack without a system, omits the budget without one, and declares only enabled services', () => {
    const entities = documents('minimal-services');
    expect(entities.map(refOf)).toEqual([
      'system:default/edge',
      'component:default/edge',
      'resource:default/edge-dev-gcp-cluster',
      'resource:default/edge-dev-azure-cluster',
    ]);
    const component = entities[1]!;
    expect(component.metadata.annotations).not.toHaveProperty(
      'skyforge.io/budget',
    );
    expect(entities[2]!.spec).not.toHaveProperty('dependsOn');
  });
});
