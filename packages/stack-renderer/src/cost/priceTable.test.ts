import { PRESETS, SIZES } from '../spec/presets';
import { CLOUDS, REGIONS } from '../spec/regions';
import {
  cacheHourlyPrice,
  databaseHourlyPrice,
  machineHourlyPrice,
  MissingPriceError,
  regionPrices,
} from './priceLookup';
import { PRICES_AS_OF, PRICE_TABLE } from './priceTable';

describe('price table coverage', () => {
  it.each(CLOUDS)('prices exactly the %s regions a stack can use', cloud => {
    expect(Object.keys(PRICE_TABLE[cloud].regions).sort()).toEqual(
      Object.keys(REGIONS[cloud]).sort(),
    );
  });

  // Every machine type (including the spot fallbacks), accelerator, database tier and cache
  // tier of every preset must have a price in every region of its cloud.
  const cases = CLOUDS.flatMap(cloud =>
    Object.keys(REGIONS[cloud]).flatMap(region =>
      SIZES.map(size => [cloud, region, size] as const),
    ),
  );
  it.each(cases)(
    '%s %s %s: every preset item has a price',
    (cloud, region, size) => {
      const preset = PRESETS[cloud][size];
      const missing: string[] = [];
      const check = (what: string, lookup: () => number) => {
        try {
          const price = lookup();
          if (!(price > 0)) missing.push(`${what} (price ${price})`);
        } catch (error) {
          missing.push(`${what}: ${(error as Error).message}`);
        }
      };
      for (const pool of [preset.system, preset.application].filter(
        (candidate): candidate is NonNullable<typeof candidate> =>
          candidate !== undefined,
      )) {
        for (const machineType of pool.machineTypes) {
          check(machineType, () =>
            machineHourlyPrice({ cloud, region, machineType }),
          );
        }
      }
      for (const machineType of preset.gpu.machineTypes) {
        check(
          `${machineType} + ${preset.gpu.acceleratorType || 'bundled GPU'}`,
          () =>
            machineHourlyPrice({
              cloud,
              region,
              machineType,
              acceleratorType: preset.gpu.acceleratorType,
              acceleratorCount: preset.gpu.acceleratorCount,
            }),
        );
      }
      check(preset.database.tier, () =>
        databaseHourlyPrice({ cloud, region, tier: preset.database.tier }),
      );
      check(preset.cache.tier, () =>
        cacheHourlyPrice({
          cloud,
          region,
          tier: preset.cache.tier,
          memoryGb: preset.cache.memoryGb,
        }),
      );
      if (cloud === 'gcp') {
        // Production always runs STANDARD_HA on GCP, whatever the preset tier.
        check('STANDARD_HA', () =>
          cacheHourlyPrice({
            cloud,
            region,
            tier: 'STANDARD_HA',
            memoryGb: preset.cache.memoryGb,
          }),
        );
      }
      expect(missing).toEqual([]);
    },
  );

  it('names the missing item, cloud and region', () => {
    expect(() =>
      machineHourlyPrice({
        cloud: 'aws',
        region: 'us-east-1',
        machineType: 'x9.huge',
      }),
    ).toThrow(
      new MissingPriceError('machine type "x9.huge"', 'aws', 'us-east-1'),
    );
    expect(() => regionPrices({ cloud: 'gcp', region: 'mars-north1' })).toThrow(
      /No list price for the region in gcp mars-north1/,
    );
  });
});

describe('price table provenance', () => {
  it('records a compile date', () => {
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each(CLOUDS)(
    '%s has at least three regions with per-region list prices',
    cloud => {
      const listed = Object.values(PRICE_TABLE[cloud].regions).filter(
        prices => prices.basis === 'listed',
      );
      expect(listed.length).toBeGreaterThanOrEqual(3);
    },
  );

  it.each(CLOUDS)(
    '%s derives other regions from a listed region with a stated multiplier',
    cloud => {
      const { regions, referenceRegion } = PRICE_TABLE[cloud];
      expect(regions[referenceRegion].basis).toBe('listed');
      const entries = Object.entries(regions);
      expect(
        entries
          .filter(([, prices]) => prices.basis === 'listed')
          .filter(([, prices]) => prices.derivedFrom !== undefined),
      ).toEqual([]);
      const derivedRegions = entries.filter(
        ([, prices]) => prices.basis === 'derived',
      );
      for (const [region, prices] of derivedRegions) {
        expect(region).not.toBe(referenceRegion);
        expect(prices.derivedFrom).toBeDefined();
        const { region: from, multiplier } = prices.derivedFrom!;
        expect(regions[from].basis).toBe('listed');
        expect(multiplier).toBeGreaterThan(1);
        expect(multiplier).toBeLessThan(1.5);
        // A derived region is exactly its source scaled, so the multiplier in the notes is the truth.
        for (const [machineType, price] of Object.entries(prices.machines)) {
          expect(price).toBeCloseTo(
            regions[from].machines[machineType] * multiplier,
            4,
          );
        }
      }
    },
  );

  it.each(CLOUDS)(
    '%s names an https pricing page for every kind of price',
    cloud => {
      const { sources } = PRICE_TABLE[cloud];
      for (const key of [
        'compute',
        'spot',
        'controlPlane',
        'database',
        'cache',
        'nat',
        'loadBalancer',
        'blockStorage',
        'objectStorage',
        'registry',
        'logs',
        'metrics',
      ] as const) {
        expect(sources[key]).toMatch(/^https:\/\/[a-z.]+\/\S+$/);
      }
      const grafanaPriced =
        PRICE_TABLE[cloud].managedGrafanaPerHour !== undefined;
      expect(!grafanaPriced || /^https:\/\//.test(sources.grafana ?? '')).toBe(
        true,
      );
    },
  );

  it('uses the published control-plane fees', () => {
    expect(PRICE_TABLE.aws.controlPlanePerHour).toBe(0.1);
    expect(PRICE_TABLE.gcp.controlPlanePerHour).toBe(0.1);
    expect(PRICE_TABLE.azure.controlPlanePerHour).toBe(0.1);
    expect(PRICE_TABLE.azure.controlPlaneFreeTierPerHour).toBe(0);
  });
});

describe('price table consistency', () => {
  it.each(CLOUDS)(
    '%s: spot discount is a fraction inside the published ranges',
    cloud => {
      expect(PRICE_TABLE[cloud].spotDiscount).toBeGreaterThanOrEqual(0.5);
      expect(PRICE_TABLE[cloud].spotDiscount).toBeLessThan(0.91);
    },
  );

  const regionCases = CLOUDS.flatMap(cloud =>
    Object.keys(REGIONS[cloud]).map(region => [cloud, region] as const),
  );
  it.each(regionCases)(
    '%s %s: bigger presets cost more per node, instance and cache',
    (cloud, region) => {
      const price = (size: (typeof SIZES)[number]) => {
        const preset = PRESETS[cloud][size];
        return {
          // No system pool on AWS (EKS Auto Mode).
          system: preset.system
            ? machineHourlyPrice({
                cloud,
                region,
                machineType: preset.system.machineTypes[0],
              })
            : 0,
          application: machineHourlyPrice({
            cloud,
            region,
            machineType: preset.application.machineTypes[0],
          }),
          gpu: machineHourlyPrice({
            cloud,
            region,
            machineType: preset.gpu.machineTypes[0],
            acceleratorType: preset.gpu.acceleratorType,
            acceleratorCount: preset.gpu.acceleratorCount,
          }),
          database: databaseHourlyPrice({
            cloud,
            region,
            tier: preset.database.tier,
          }),
          cache: cacheHourlyPrice({
            cloud,
            region,
            tier: preset.cache.tier,
            memoryGb: preset.cache.memoryGb,
          }),
        };
      };
      const [small, medium, large] = SIZES.map(price);
      for (const key of ['application', 'gpu', 'database', 'cache'] as const) {
        expect(medium[key]).toBeGreaterThan(small[key]);
        expect(large[key]).toBeGreaterThan(medium[key]);
      }
      expect(large.system).toBeGreaterThanOrEqual(small.system);
      // A GPU node costs more than the general-purpose node of the same preset.
      for (const size of [small, medium, large]) {
        expect(size.gpu).toBeGreaterThan(size.application);
      }
    },
  );

  it.each(regionCases)(
    '%s %s: machine families double in price with each size step',
    (cloud, region) => {
      const { machines } = regionPrices({ cloud, region });
      const ladder: Record<string, string[]> = {
        aws: ['m6i.large', 'm6i.xlarge', 'm6i.2xlarge'],
        gcp: ['n2-standard-2', 'n2-standard-4', 'n2-standard-8'],
        azure: ['Standard_D2s_v5', 'Standard_D4s_v5', 'Standard_D8s_v5'],
      };
      const steps = ladder[cloud].map(type => machines[type]);
      expect(steps[1]).toBeCloseTo(steps[0] * 2, 3);
      expect(steps[2]).toBeCloseTo(steps[1] * 2, 3);
    },
  );

  it.each(Object.keys(REGIONS.aws))(
    'aws %s: the AMD variant is cheaper than the Intel one',
    region => {
      const { machines } = regionPrices({ cloud: 'aws', region });
      for (const size of ['large', 'xlarge', '2xlarge']) {
        expect(machines[`m6a.${size}`]).toBeLessThan(machines[`m6i.${size}`]);
      }
    },
  );

  it('Memorystore per-GB prices fall with capacity and Standard costs more than Basic', () => {
    const { caches } = regionPrices({ cloud: 'gcp', region: 'us-central1' });
    for (const tier of ['BASIC', 'STANDARD_HA']) {
      const price = caches[tier];
      if (!('perGbHour' in price)) throw new Error(`${tier} is not banded`);
      for (let index = 1; index < price.perGbHour.length; index += 1) {
        expect(price.perGbHour[index].price).toBeLessThan(
          price.perGbHour[index - 1].price,
        );
        expect(price.perGbHour[index].upToGb).toBeGreaterThan(
          price.perGbHour[index - 1].upToGb,
        );
      }
    }
    for (const memoryGb of [1, 5, 16, 64]) {
      expect(
        cacheHourlyPrice({
          cloud: 'gcp',
          region: 'us-central1',
          tier: 'STANDARD_HA',
          memoryGb,
        }),
      ).toBeGreaterThan(
        cacheHourlyPrice({
          cloud: 'gcp',
          region: 'us-central1',
          tier: 'BASIC',
          memoryGb,
        }),
      );
    }
  });

  it('derived regions are never cheaper than their source', () => {
    for (const cloud of CLOUDS) {
      for (const prices of Object.values(PRICE_TABLE[cloud].regions)) {
        if (!prices.derivedFrom) continue;
        const source = PRICE_TABLE[cloud].regions[prices.derivedFrom.region];
        expect(prices.natPerHour).toBeGreaterThanOrEqual(source.natPerHour);
        expect(prices.objectStoragePerGbMonth).toBeGreaterThanOrEqual(
          source.objectStoragePerGbMonth,
        );
      }
    }
  });
});
