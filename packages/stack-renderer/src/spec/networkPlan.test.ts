import { readStackDocument } from '../repository/readSkyforgeYaml';
import { exampleSpecs } from '../testing/exampleSpecs';
import { deploymentTargets } from './deploymentTargets';
import { parseStackSpec, validateStackSpec } from './stackSpec';

describe('the network address plan', () => {
  it('gives each of the nine environment × cloud networks its own /16', () => {
    const spec = parseStackSpec(exampleSpecs['all-clouds-gpu']);
    const cidrs = deploymentTargets(spec).map(target => target.cidr);
    expect(cidrs).toHaveLength(9);
    expect(new Set(cidrs).size).toBe(9);
    expect(cidrs).toContain('10.40.0.0/16');
    expect(cidrs).toContain('10.48.0.0/16');
  });

  it('keeps a block free for a cloud the stack does not use yet', () => {
    const spec = parseStackSpec(exampleSpecs['aws-small']);
    expect(deploymentTargets(spec).map(target => target.cidr)).toEqual([
      '10.40.0.0/16',
      '10.43.0.0/16',
      '10.46.0.0/16',
    ]);
  });

  it('refuses a pinned block another network already plans to use, naming the field', () => {
    const input = JSON.parse(JSON.stringify(exampleSpecs['aws-small']));
    input.spec.network = {
      cidr: '10.40.0.0/16',
      cidrs: { 'prod-aws': '10.40.0.0/16' },
    };
    const result = validateStackSpec(input);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result)).toContain('spec.network.cidrs.prod-aws');
    expect(JSON.stringify(result)).toContain(
      'also the planned network of dev-aws',
    );
  });

  it('refuses a base block without room for the nine blocks of the plan', () => {
    const input = JSON.parse(JSON.stringify(exampleSpecs['aws-small']));
    input.spec.network = { cidr: '10.250.0.0/16' };
    expect(JSON.stringify(validateStackSpec(input))).toContain(
      'must leave room for the 9 /16 blocks',
    );
  });

  it('pins every network of a stack rendered before the plan to its shared block, so nothing moves', () => {
    const { stack } = readStackDocument({
      ...JSON.parse(JSON.stringify(exampleSpecs['aws-small'])),
      renderer: { version: '0.2.0' },
    });
    const spec = parseStackSpec(stack as never);
    expect(deploymentTargets(spec).map(target => target.cidr)).toEqual([
      '10.40.0.0/16',
      '10.40.0.0/16',
      '10.40.0.0/16',
    ]);
  });
});
