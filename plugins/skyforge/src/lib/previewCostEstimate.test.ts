import { parseStackSpec } from '@skyforge/stack-renderer';
import { estimateCost } from '@skyforge/stack-renderer/cost';
import { previewCostEstimate } from './previewCostEstimate';

const form = {
  name: 'payments-api',
  owner: 'group:default/payments',
  cloud: 'aws',
  region: 'us-east-1',
  environments: ['dev', 'staging', 'prod'],
  size: 'small',
  postgres: true,
  redis: true,
  objectStorage: true,
  registry: true,
  monitoring: true,
  image: 'ghcr.io/acme/payments-api:1.4.2',
};

function overall(values: Record<string, unknown>): number {
  const preview = previewCostEstimate(values);
  if (!preview.complete) {
    throw new Error(`incomplete: ${JSON.stringify(preview.issues)}`);
  }
  return preview.estimate.totals.overall;
}

describe('previewCostEstimate', () => {
  it('estimates exactly what the renderer estimates for the same stack', () => {
    const preview = previewCostEstimate(form);
    expect(preview.complete).toBe(true);
    const expected = estimateCost(
      parseStackSpec({
        apiVersion: 'skyforge.io/v1alpha1',
        kind: 'Stack',
        metadata: { name: 'payments-api', owner: 'group:default/payments' },
        spec: {
          clouds: ['aws'],
          regions: { aws: 'us-east-1' },
          app: { image: 'ghcr.io/acme/payments-api:1.4.2' },
        },
      }),
    );
    expect(preview.complete && preview.estimate.totals).toEqual(
      expected.totals,
    );
    expect(expected.totals.overall).toBeGreaterThan(0);
  });

  it('costs more for a larger size and less without data services', () => {
    const small = overall(form);
    expect(overall({ ...form, size: 'large' })).toBeGreaterThan(small);
    expect(overall({ ...form, postgres: false, redis: false })).toBeLessThan(
      small,
    );
  });

  it('estimates before the name, owner and image are filled in', () => {
    const { name, owner, image, ...infrastructureOnly } = form;
    expect(overall(infrastructureOnly)).toBe(overall(form));
    expect(overall({ ...form, name: 'Not A Name!' })).toBe(overall(form));
  });

  it('names the missing cloud', () => {
    expect(previewCostEstimate({ ...form, cloud: '' })).toEqual({
      complete: false,
      issues: [{ field: 'cloud', path: 'spec.clouds', message: 'is required' }],
    });
    const { cloud, region, ...withoutCloud } = form;
    expect(previewCostEstimate(withoutCloud)).toEqual({
      complete: false,
      issues: [
        { field: 'clouds', path: 'spec.clouds', message: 'is required' },
      ],
    });
    expect(previewCostEstimate({ ...withoutCloud, clouds: [] })).toEqual({
      complete: false,
      issues: [
        {
          field: 'clouds',
          path: 'spec.clouds',
          message: 'must name at least one cloud',
        },
      ],
    });
  });

  it('names the missing region of a chosen cloud', () => {
    const { region, ...withoutRegion } = form;
    expect(previewCostEstimate(withoutRegion)).toEqual({
      complete: false,
      issues: [
        {
          field: 'region',
          path: 'spec.regions.aws',
          message: 'is required because clouds includes aws',
        },
      ],
    });
    expect(
      previewCostEstimate({
        ...withoutRegion,
        cloud: undefined,
        clouds: ['aws', 'gcp'],
        regions: { aws: 'us-east-1' },
      }),
    ).toEqual({
      complete: false,
      issues: [
        {
          field: 'regions.gcp',
          path: 'spec.regions.gcp',
          message: 'is required because clouds includes gcp',
        },
      ],
    });
  });

  it('names an invalid value with the rule it breaks', () => {
    expect(previewCostEstimate({ ...form, size: 'huge' })).toEqual({
      complete: false,
      issues: [
        {
          field: 'size',
          path: 'spec.size',
          message: 'must be one of small, medium, large',
        },
      ],
    });
    expect(previewCostEstimate({ ...form, region: 'europe-west1' })).toEqual({
      complete: false,
      issues: [
        {
          field: 'region',
          path: 'spec.regions.aws',
          message: expect.stringContaining(
            '"europe-west1" is not an AWS region',
          ),
        },
      ],
    });
    expect(previewCostEstimate({ ...form, budget: -5 })).toEqual({
      complete: false,
      issues: [
        {
          field: 'budget',
          path: 'spec.budget.monthly',
          message: 'must be greater than 0',
        },
      ],
    });
  });

  it('prices the HPA minimum the action renders, not a default', () => {
    // On EKS Auto Mode the HPA minimum sets the application node count.
    const preview = previewCostEstimate({ ...form, hpa: { min: '1' } });
    expect(preview.complete && preview.spec.spec.app.hpa.min).toBe(1);
    expect(overall({ ...form, hpa: { min: 1 } })).toBeLessThan(overall(form));
  });

  it('refuses a value of the wrong type instead of pricing the default', () => {
    expect(previewCostEstimate({ ...form, postgres: 'yes' })).toEqual({
      complete: false,
      issues: [
        {
          field: 'postgres',
          path: 'spec.services.postgres',
          message: 'must be a boolean',
        },
      ],
    });
    expect(previewCostEstimate({ ...form, budget: 'lots' })).toEqual({
      complete: false,
      issues: [
        {
          field: 'budget',
          path: 'spec.budget.monthly',
          message: 'must be a number',
        },
      ],
    });
  });

  it('compares with a budget in USD', () => {
    const preview = previewCostEstimate({
      ...form,
      budget: 1,
      currency: 'USD',
    });
    expect(preview.complete && preview.estimate.budget).toEqual({
      monthly: 1,
      currency: 'USD',
      status: 'over',
    });
  });
});
