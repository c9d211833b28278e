import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { exampleSpecs } from './exampleSpecs';

/** The example specs the repository ships in examples/stacks, each also a golden example here. */
const SHIPPED = [
  'analytics-hub',
  'dev-lab',
  'lab-azure',
  'ml-platform',
  'trading-api',
];

describe('the shipped example specs', () => {
  it.each(SHIPPED)(
    'examples/stacks/%s.yaml is the golden example of the same name',
    name => {
      const file = join(
        __dirname,
        '../../../../examples/stacks',
        `${name}.yaml`,
      );
      expect(parseYaml(readFileSync(file, 'utf8'))).toEqual(exampleSpecs[name]);
    },
  );
});
