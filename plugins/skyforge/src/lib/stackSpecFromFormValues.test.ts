import { validateStackSpec } from '@skyforge/stack-renderer';
import { stackSpecFromFormValues } from './stackSpecFromFormValues';

/** The values of the kubernetes-platform template's form, as the scaffolder keeps them. */
const templateForm = {
  name: 'payments-api',
  description: 'Payments API',
  owner: 'group:default/payments',
  system: '',
  cloud: 'gcp',
  region: 'europe-west1',
  gcpProjects: {
    dev: 'acme-payments-dev',
    staging: 'acme-payments-staging',
    prod: 'acme-payments-prod',
  },
  environments: ['dev', 'prod'],
  size: 'medium',
  spot: 'all',
  gpu: true,
  kubernetesVersion: '1.35',
  postgres: true,
  redis: false,
  objectStorage: true,
  registry: false,
  monitoring: true,
  image: 'ghcr.io/acme/payments-api:1.4.2',
  port: 8443,
  ingressHost: '',
  budget: 2500,
  currency: 'EUR',
  costEstimate: {},
  repoUrl: 'github.com?owner=acme&repo=payments-api',
};

describe('stackSpecFromFormValues', () => {
  it('maps the template form to the StackSpec the render action would build', () => {
    const { document, issues } = stackSpecFromFormValues(templateForm);
    expect(issues).toEqual([]);
    expect(document).toEqual({
      apiVersion: 'skyforge.io/v1alpha1',
      kind: 'Stack',
      metadata: {
        name: 'payments-api',
        owner: 'group:default/payments',
        description: 'Payments API',
      },
      spec: {
        clouds: ['gcp'],
        regions: { gcp: 'europe-west1' },
        // The form asks for every environment's project; staging is not deployed, so it goes.
        gcp: {
          projects: { dev: 'acme-payments-dev', prod: 'acme-payments-prod' },
        },
        environments: ['dev', 'prod'],
        size: 'medium',
        cluster: { kubernetesVersion: '1.35', gpu: true, spot: 'all' },
        services: {
          postgres: true,
          redis: false,
          objectStorage: true,
          registry: false,
          monitoring: true,
        },
        app: { image: 'ghcr.io/acme/payments-api:1.4.2', port: 8443 },
        budget: { monthly: 2500, currency: 'EUR' },
      },
    });
    const result = validateStackSpec(document);
    expect(result.success).toBe(true);
  });

  it('takes several clouds with one region each, grouped services and a grouped budget', () => {
    const { document, issues } = stackSpecFromFormValues({
      name: 'checkout',
      owner: 'group:default/web',
      clouds: ['aws', 'azure'],
      regions: { aws: 'us-east-1', azure: 'westeurope', gcp: '' },
      services: { postgres: false, redis: true },
      hpa: { min: 2, max: '8' },
      budget: { monthly: 900, currency: 'USD' },
      image: 'ghcr.io/acme/checkout:2.0.0',
    });
    expect(issues).toEqual([]);
    expect(document.spec).toEqual({
      clouds: ['aws', 'azure'],
      regions: { aws: 'us-east-1', azure: 'westeurope' },
      services: { postgres: false, redis: true },
      app: { image: 'ghcr.io/acme/checkout:2.0.0', hpa: { min: 2, max: 8 } },
      budget: { monthly: 900, currency: 'USD' },
    });
  });

  it('leaves empty fields out so that the renderer defaults apply', () => {
    const { document } = stackSpecFromFormValues({
      name: '  ',
      clouds: [],
      size: '',
      budget: undefined,
    });
    expect(document.metadata).toEqual({});
    expect(document.spec).toEqual({ clouds: [], regions: {}, app: {} });
  });

  it('names the region field when a single region is given for several clouds', () => {
    const { issues } = stackSpecFromFormValues({
      clouds: ['aws', 'gcp'],
      region: 'us-east-1',
    });
    expect(issues).toEqual([
      {
        field: 'region',
        message:
          'needs exactly one cloud (got 2); use regions for several clouds',
      },
    ]);
  });

  it('refuses region and regions together', () => {
    const { issues } = stackSpecFromFormValues({
      clouds: ['aws'],
      region: 'us-east-1',
      regions: { aws: 'us-east-1' },
    });
    expect(issues.map(issue => issue.field)).toEqual(['region']);
  });
});
