import { renderStack } from '../renderStack';
import { SIZES } from '../spec/presets';
import { parseStackSpec } from '../spec/stackSpec';
import { exampleSpecs } from '../testing/exampleSpecs';
import { estimateCost } from './estimateCost';
import { HOURS_PER_MONTH } from './usageAssumptions';

function kafkaStack(size: (typeof SIZES)[number]) {
  const base = exampleSpecs['all-clouds-gpu'];
  return parseStackSpec({
    ...base,
    spec: { ...base.spec, size, overrides: {} },
  });
}

/** `name = value` of a terraform.tfvars, as written (numbers and quoted strings). */
function tfvar(tfvars: string, name: string): string {
  const match = new RegExp(`^${name}\\s*=\\s*"?([^"\\n]+)"?$`, 'm').exec(
    tfvars,
  );
  if (!match) throw new Error(`${name} is not in terraform.tfvars`);
  return match[1];
}

describe('Kafka cost lines', () => {
  it.each(SIZES)(
    '%s: the estimate prices exactly what the rendered terraform.tfvars size on every cloud',
    size => {
      const spec = kafkaStack(size);
      const { files } = renderStack(spec);
      const estimate = estimateCost(spec);
      const streaming = (cloud: string) =>
        estimate.lineItems.filter(
          line =>
            line.cloud === cloud &&
            line.environment === 'dev' &&
            line.category === 'streaming',
        );

      const aws = files['infra/envs/dev/aws/terraform.tfvars'];
      const [brokers, storage] = streaming('aws');
      expect(brokers.unit).toBe('broker-hour');
      expect(brokers.quantity / HOURS_PER_MONTH).toBe(
        Number(tfvar(aws, 'kafka_broker_count')),
      );
      expect(brokers.description).toContain(
        tfvar(aws, 'kafka_broker_instance_type'),
      );
      expect(storage.quantity).toBe(
        Number(tfvar(aws, 'kafka_broker_count')) *
          Number(tfvar(aws, 'kafka_broker_storage_gb')),
      );

      const gcp = files['infra/envs/dev/gcp/terraform.tfvars'];
      const [vcpus, memory] = streaming('gcp');
      expect(vcpus.quantity / HOURS_PER_MONTH).toBe(
        Number(tfvar(gcp, '  vcpu_count')),
      );
      expect(memory.quantity / HOURS_PER_MONTH).toBe(
        Number(tfvar(gcp, '  memory_gib')),
      );

      const azure = files['infra/envs/dev/azure/terraform.tfvars'];
      const [units] = streaming('azure');
      expect(units.quantity / HOURS_PER_MONTH).toBe(
        Number(tfvar(azure, 'kafka_capacity')),
      );
      expect(units.description).toContain(tfvar(azure, 'kafka_sku'));
    },
  );

  it('prices nothing for Kafka when the stack leaves it off', () => {
    const base = exampleSpecs['aws-small'];
    const estimate = estimateCost(parseStackSpec(base));
    expect(
      estimate.lineItems.filter(line => line.category === 'streaming'),
    ).toEqual([]);
  });

  it('grows with the size preset on every cloud', () => {
    const monthly = SIZES.map(size =>
      estimateCost(kafkaStack(size))
        .lineItems.filter(
          line => line.category === 'streaming' && line.environment === 'dev',
        )
        .reduce(
          (sums, line) => ({
            ...sums,
            [line.cloud]: (sums[line.cloud] ?? 0) + line.monthly,
          }),
          {} as Record<string, number>,
        ),
    );
    for (const cloud of ['aws', 'gcp', 'azure']) {
      expect(monthly[1][cloud]).toBeGreaterThan(monthly[0][cloud]);
      expect(monthly[2][cloud]).toBeGreaterThan(monthly[1][cloud]);
    }
  });
});
