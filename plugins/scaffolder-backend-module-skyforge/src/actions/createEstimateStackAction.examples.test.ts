import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { readDirectoryTree } from '../__testUtils__/readDirectoryTree';
import { createEstimateStackAction } from './createEstimateStackAction';
import { examples } from './createEstimateStackAction.examples';
import { createRenderStackAction } from './createRenderStackAction';
import { examples as renderExamples } from './createRenderStackAction.examples';

// renderedSpec runs the render action, which also runs the policy checks: seconds on a busy machine.
jest.setTimeout(60_000);

describe('skyforge:stack:estimate examples', () => {
  const mockDir = createMockDirectory();
  const action = createEstimateStackAction();

  beforeEach(() => mockDir.clear());

  /** The `spec` output of the first render example, standing in for `steps['render'].output.spec`. */
  async function renderedSpec() {
    const [step] = yaml.parse(renderExamples[0].example).steps;
    const ctx = createMockActionContext({
      input: step.input,
      workspacePath: mockDir.resolve('render'),
    });
    await createRenderStackAction().handler(ctx);
    return (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'spec',
    )?.[1];
  }

  it.each(examples.map(example => [example.description, example] as const))(
    '%s',
    async (_description, example) => {
      const [step] = yaml.parse(example.example).steps;
      expect(step.action).toBe('skyforge:stack:estimate');
      const input =
        step.input.spec === "${{ steps['render'].output.spec }}"
          ? { ...step.input, spec: await renderedSpec() }
          : step.input;
      const ctx = createMockActionContext({
        input,
        workspacePath: mockDir.resolve('workspace'),
      });
      await action.handler(ctx);

      const costFile = step.input.targetPath
        ? `${step.input.targetPath}/COST.md`
        : 'COST.md';
      const tree = await readDirectoryTree(ctx.workspacePath);
      expect(Object.keys(tree)).toEqual([costFile]);
      expect(tree[costFile]).toMatch(/^# Estimated monthly cost: /);
      expect(ctx.output).toHaveBeenCalledWith('costFile', costFile);
      expect(ctx.output).toHaveBeenCalledWith('monthly', expect.any(Number));
    },
  );
});
