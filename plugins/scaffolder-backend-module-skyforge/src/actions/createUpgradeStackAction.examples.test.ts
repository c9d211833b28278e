import { createMockDirectory } from '@backstage/backend-test-utils';
import yaml from 'yaml';
import { commitTree } from '../__testUtils__/commitTree';
import {
  createUpgradeActionFor,
  olderRenderWithRecord,
  pushOlderStackRepository,
  registeredComponent,
  runAction,
} from '../__testUtils__/olderStackRepository';
import {
  startGitHubDouble,
  type GitHubDouble,
} from '../__testUtils__/startGitHubDouble';
import { examples } from './createUpgradeStackAction.examples';

jest.setTimeout(60_000);

describe('skyforge:stack:upgrade examples, against a GitHub double', () => {
  const mockDir = createMockDirectory();
  let github: GitHubDouble;

  beforeAll(async () => {
    github = await startGitHubDouble({
      gitRoot: mockDir.resolve('git'),
      token: 'test-token',
    });
    // The first example's Component, registered from acme/payments-infra.
    await pushOlderStackRepository({
      github,
      repo: 'payments-infra',
      rendered: olderRenderWithRecord,
    });
    // The second example's stack lives in the platform/ folder.
    await commitTree({
      bare: await github.createRepository('acme', 'payments-infra-platform'),
      branch: 'main',
      files: Object.fromEntries(
        Object.entries(olderRenderWithRecord).map(([file, content]) => [
          `platform/${file}`,
          content,
        ]),
      ),
      message: 'Initial commit from Skyforge',
    });
  });
  afterAll(() => github?.stop());

  it.each(examples.map(example => [example.description, example] as const))(
    '%s',
    async (_description, example) => {
      const [step] = yaml.parse(example.example).steps;
      expect(step.action).toBe('skyforge:stack:upgrade');
      // The examples name github.com and a form parameter; point them at the double.
      const input = JSON.parse(
        JSON.stringify(step.input)
          .replace(
            '${{ parameters.component }}',
            'component:default/payments-api',
          )
          .replace('github.com?', `${github.host}?`)
          .replace('repo=payments-infra', 'repo=payments-infra-platform'),
      );
      const action = createUpgradeActionFor({
        github,
        entities: [registeredComponent(github.baseUrl, 'payments-infra')],
      });
      const { outputs } = await runAction(action, input, {
        workspacePath: mockDir.resolve(`workspace-${step.id}`),
      });
      expect(outputs.upToDate).toBe(false);
      const pull = github.pullRequests.find(
        candidate =>
          candidate.number === outputs.pullRequestNumber &&
          `${candidate.owner}/${candidate.repo}` === outputs.repository,
      );
      expect(pull).toMatchObject({
        head: input.branchName ?? 'skyforge/upgrade',
        base: 'main',
        draft: input.draft ?? false,
      });
    },
  );
});
