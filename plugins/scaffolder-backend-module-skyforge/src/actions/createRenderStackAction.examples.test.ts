import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { renderStack } from '@skyforge/stack-renderer';
import yaml from 'yaml';
import { readDirectoryTree } from '../__testUtils__/readDirectoryTree';
import { createRenderStackAction } from './createRenderStackAction';
import { examples } from './createRenderStackAction.examples';

// Each example renders and runs the policy checks (kubectl kustomize of every overlay): seconds each.
jest.setTimeout(60_000);

describe('skyforge:stack:render examples', () => {
  const mockDir = createMockDirectory();
  const action = createRenderStackAction();

  beforeEach(() => mockDir.clear());

  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples.map(example => [example.description, example] as const))(
    '%s',
    async (_description, example) => {
      const [step] = yaml.parse(example.example).steps;
      expect(step.action).toBe('skyforge:stack:render');
      const ctx = createMockActionContext({
        input: step.input,
        workspacePath: mockDir.resolve('workspace'),
      });
      await action.handler(ctx);

      const tree = await readDirectoryTree(ctx.workspacePath);
      const prefix = step.input.targetPath ? `${step.input.targetPath}/` : '';
      expect(Object.keys(tree).every(file => file.startsWith(prefix))).toBe(
        true,
      );
      expect(tree[`${prefix}catalog-info.yaml`]).toContain('kind: Component');
      expect(
        Object.keys(tree).some(file =>
          /^.*infra\/envs\/[a-z]+\/[a-z]+\/main\.tf$/.test(file),
        ),
      ).toBe(true);
      const outputs = Object.fromEntries(
        (ctx.output as jest.Mock).mock.calls.map(([name, value]) => [
          name,
          value,
        ]),
      );
      expect(outputs.fileCount).toBe(Object.keys(tree).length);
      // Every documented example passes its own policy check.
      expect(outputs.checks).toMatchObject({ passed: true, findings: [] });
      // The spec output renders the same tree again: the estimate step and re-renders rely on it.
      expect(Object.keys(renderStack(outputs.spec).files).length).toBe(
        outputs.fileCount,
      );
    },
  );
});
