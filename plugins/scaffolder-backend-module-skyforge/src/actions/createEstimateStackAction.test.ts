import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseStackSpec } from '@skyforge/stack-renderer';
import {
  estimateCost,
  renderCostMarkdown,
} from '@skyforge/stack-renderer/cost';
import { checkpointStore } from '../__testUtils__/checkpointStore';
import { readDirectoryTree } from '../__testUtils__/readDirectoryTree';
import { createEstimateStackAction } from './createEstimateStackAction';

const spec = {
  apiVersion: 'skyforge.io/v1alpha1',
  kind: 'Stack',
  metadata: { name: 'ledger', owner: 'group:default/finance' },
  spec: {
    clouds: ['aws', 'azure'],
    regions: { aws: 'eu-west-1', azure: 'westeurope' },
    environments: ['dev', 'prod'],
    app: { image: 'acme.azurecr.io/ledger:3.1.0' },
    budget: { monthly: 100, currency: 'USD' },
  },
};

describe('skyforge:stack:estimate', () => {
  const mockDir = createMockDirectory();
  const action = createEstimateStackAction();

  beforeEach(() => mockDir.clear());

  function outputsOf(ctx: { output: unknown }) {
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([name, value]) => [
        name,
        value,
      ]),
    );
  }

  it('returns the estimate per cloud × environment and writes COST.md', async () => {
    const ctx = createMockActionContext({
      input: { spec, targetPath: 'docs' } as never,
      workspacePath: mockDir.resolve('workspace'),
    });
    await action.handler(ctx);

    const parsed = parseStackSpec(spec);
    const estimate = estimateCost(parsed);
    const outputs = outputsOf(ctx);
    expect(outputs.monthly).toBe(estimate.totals.overall);
    expect(outputs.currency).toBe('USD');
    expect(outputs.costFile).toBe('docs/COST.md');
    expect(outputs.estimate.byCloudEnvironment).toEqual(
      estimate.totals.byCloudEnvironment,
    );
    expect(
      outputs.estimate.byCloudEnvironment
        .map(
          (total: { cloud: string; environment: string }) =>
            `${total.cloud}/${total.environment}`,
        )
        .sort(),
    ).toEqual(['aws/dev', 'aws/prod', 'azure/dev', 'azure/prod']);
    expect(outputs.estimate.byCloudEnvironment).toHaveLength(4);
    const sum = outputs.estimate.byCloudEnvironment.reduce(
      (total: number, item: { monthly: number }) => total + item.monthly,
      0,
    );
    expect(sum).toBeCloseTo(outputs.monthly, 2);
    // A 100 USD budget is far below two clouds with prod in each.
    expect(outputs.estimate.budget).toEqual({
      monthly: 100,
      currency: 'USD',
      status: 'over',
    });

    expect(await readDirectoryTree(ctx.workspacePath)).toEqual({
      'docs/COST.md': renderCostMarkdown(estimate, parsed),
    });
  });

  it('writes the same COST.md when it runs again, in dry run too', async () => {
    const workspacePath = mockDir.resolve('workspace');
    const ctx = createMockActionContext({
      input: { spec } as never,
      workspacePath,
    });
    await action.handler(ctx);
    const first = await fs.readFile(
      path.join(workspacePath, 'COST.md'),
      'utf8',
    );
    await action.handler({ ...ctx, isDryRun: true });
    expect(await fs.readFile(path.join(workspacePath, 'COST.md'), 'utf8')).toBe(
      first,
    );
    expect(first).toContain('# Estimated monthly cost: ledger');
  });

  it('writes COST.md again when a retried task reruns it from a checkpointed state into an empty workspace', async () => {
    const { checkpoint } = checkpointStore();
    const run = (workspace: string) =>
      createMockActionContext({
        input: { spec } as never,
        workspacePath: mockDir.resolve(workspace),
      });
    const first = run('run-1');
    await action.handler({ ...first, checkpoint } as never);
    const retried = run('run-2');
    await action.handler({ ...retried, checkpoint } as never);
    const parsed = parseStackSpec(spec);
    expect(await readDirectoryTree(retried.workspacePath)).toEqual({
      'COST.md': renderCostMarkdown(estimateCost(parsed), parsed),
    });
  });

  it('rejects an invalid stack and an escaping targetPath without writing', async () => {
    const workspacePath = mockDir.resolve('workspace');
    await fs.mkdir(workspacePath, { recursive: true });
    const badRegion = createMockActionContext({
      input: {
        spec: {
          ...spec,
          spec: {
            ...spec.spec,
            regions: { aws: 'mars-1', azure: 'westeurope' },
          },
        },
      } as never,
      workspacePath,
    });
    await expect(action.handler(badRegion)).rejects.toThrow(
      'spec.regions.aws: "mars-1" is not an AWS region',
    );
    const escape = createMockActionContext({
      input: { spec, targetPath: '../elsewhere' } as never,
      workspacePath,
    });
    await expect(action.handler(escape)).rejects.toThrow(InputError);
    expect(await readDirectoryTree(workspacePath)).toEqual({});
  });
});
