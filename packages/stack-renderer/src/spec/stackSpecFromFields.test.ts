import { parseStackSpec } from './stackSpec';
import { stackSpecFromFields } from './stackSpecFromFields';

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
  alertEmail: ' payments-oncall@example.com ',
  costEstimate: {},
  repoUrl: 'github.com?owner=acme&repo=payments-api',
};

function spec(fields: Record<string, unknown>) {
  const result = stackSpecFromFields(fields);
  if (!result.success) {
    throw new Error(`invalid: ${JSON.stringify(result.issues)}`);
  }
  return result.spec;
}

function issues(fields: Record<string, unknown>) {
  const result = stackSpecFromFields(fields);
  return result.success ? [] : result.issues;
}

describe('stackSpecFromFields', () => {
  it('maps the template form to the StackSpec written out by hand', () => {
    expect(spec(templateForm)).toEqual(
      parseStackSpec({
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
          alerts: { email: 'payments-oncall@example.com' },
        },
      }),
    );
  });

  it('leaves the alert email out when the field is empty, and names the field when it is no address', () => {
    expect(
      spec({ ...templateForm, alertEmail: '' }).spec.alerts,
    ).toBeUndefined();
    expect(issues({ ...templateForm, alertEmail: 'on-call' })).toEqual([
      {
        field: 'alertEmail',
        path: 'spec.alerts.email',
        message: 'must be an email address such as oncall@example.com',
      },
    ]);
  });

  it('takes the action shape too: clouds, regions, grouped services, a grouped budget', () => {
    const fromAction = spec({
      name: 'checkout',
      owner: 'group:default/web',
      clouds: ['aws', 'azure'],
      regions: { aws: 'us-east-1', azure: 'westeurope', gcp: '' },
      services: { postgres: false, redis: true },
      hpa: { min: 2, max: '8' },
      budget: { monthly: 900, currency: 'USD' },
      image: 'ghcr.io/acme/checkout:2.0.0',
    });
    expect(fromAction.spec.regions).toEqual({
      aws: 'us-east-1',
      azure: 'westeurope',
    });
    expect(fromAction.spec.services).toMatchObject({
      postgres: false,
      redis: true,
      objectStorage: true,
    });
    expect(fromAction.spec.app.hpa).toEqual({ min: 2, max: 8, cpu: 70 });
    expect(fromAction.spec.budget).toEqual({ monthly: 900, currency: 'USD' });
  });

  it('trims text and leaves empty fields to the defaults', () => {
    const result = spec({
      name: ' payments-api ',
      owner: 'group:default/payments',
      system: '  ',
      cloud: 'aws',
      region: 'us-east-1 ',
      size: '',
      port: '',
      budget: '',
      currency: 'EUR',
      ingressHost: null,
      image: 'ghcr.io/acme/payments-api:1.4.2',
    });
    expect(result.metadata).toEqual({
      name: 'payments-api',
      owner: 'group:default/payments',
    });
    expect(result.spec.size).toBe('small');
    expect(result.spec.app.port).toBe(8080);
    // A currency alone is no budget.
    expect(result.spec.budget).toBeUndefined();
  });

  it('accepts extended support for an EKS version past standard support', () => {
    const eks = {
      ...templateForm,
      cloud: 'aws',
      region: 'us-east-1',
      gcpProjects: undefined,
      kubernetesVersion: '1.34',
    };
    expect(issues(eks)).toEqual([
      {
        field: 'kubernetesVersion',
        path: 'spec.cluster.kubernetesVersion',
        message: expect.stringContaining('set spec.cluster.extendedSupport'),
      },
    ]);
    expect(spec({ ...eks, extendedSupport: true }).spec.cluster).toMatchObject({
      kubernetesVersion: '1.34',
      extendedSupport: true,
    });
  });

  describe('names the field and the rule', () => {
    it('refuses a value of the wrong type instead of dropping it', () => {
      expect(
        issues({ ...templateForm, redis: 'no', port: 'http', hpa: [] }),
      ).toEqual([
        {
          field: 'redis',
          path: 'spec.services.redis',
          message: 'must be a boolean',
        },
        {
          field: 'port',
          path: 'spec.app.port',
          message: 'must be a number',
        },
        { field: 'hpa', path: 'spec.app.hpa', message: 'must be a object' },
      ]);
    });

    it('names the field as it was given', () => {
      expect(issues({ ...templateForm, cloud: 'ibm' })).toContainEqual({
        field: 'cloud',
        path: 'spec.clouds[0]',
        message: 'must be one of aws, gcp, azure',
      });
      const described = (fields: Record<string, unknown>) =>
        issues(fields).map(
          issue => `${issue.field} (${issue.path}): ${issue.message}`,
        );
      const actionShape = {
        ...templateForm,
        cloud: undefined,
        region: undefined,
        clouds: ['gcp', 'aws'],
        regions: { gcp: 'europe-west1' },
        postgres: undefined,
        redis: undefined,
        objectStorage: undefined,
        registry: undefined,
        monitoring: undefined,
        services: { postgres: true },
        budget: { monthly: 900, currency: 'USD' },
      };
      expect(
        described({
          ...actionShape,
          services: { postgres: true, queue: true },
          budget: { monthly: 0, currency: 'CHF' },
        }),
      ).toEqual([
        'services (spec.services): has unknown field(s) "queue"',
        'budget.monthly (spec.budget.monthly): must be greater than 0',
        'budget.currency (spec.budget.currency): must be one of USD, EUR, GBP',
      ]);
      expect(
        described({
          ...actionShape,
          gcpProjects: { dev: 'acme-payments-dev', prod: 'acme-payments-dev' },
        }),
      ).toEqual([
        'regions.aws (spec.regions.aws): is required because clouds includes aws',
        expect.stringMatching(
          /^gcpProjects\.prod \(spec\.gcp\.projects\.prod\): must differ from the project of dev/,
        ),
      ]);
    });

    it('refuses a region for several clouds, or both region and regions', () => {
      expect(
        issues({ ...templateForm, cloud: undefined, clouds: ['aws', 'gcp'] }),
      ).toEqual([
        {
          field: 'region',
          path: 'spec.regions',
          message:
            'needs exactly one cloud (got 2); use regions for several clouds',
        },
      ]);
      expect(
        issues({ ...templateForm, regions: { gcp: 'europe-west1' } }),
      ).toEqual([
        {
          field: 'region',
          path: 'spec.regions',
          message:
            'give either region (one cloud) or regions (one per cloud), not both',
        },
      ]);
    });

    it('refuses both shapes of a field at once', () => {
      expect(
        issues({ ...templateForm, clouds: ['gcp'] }).map(issue => issue.field),
      ).toEqual(['cloud']);
      expect(
        issues({ ...templateForm, services: { postgres: true } }).map(
          issue => issue.field,
        ),
      ).toEqual(['postgres']);
    });

    it('names the cloud first when none is chosen, whatever the region', () => {
      expect(
        issues({ ...templateForm, cloud: '', gcpProjects: undefined }),
      ).toEqual([
        { field: 'cloud', path: 'spec.clouds', message: 'is required' },
      ]);
    });
  });
});
