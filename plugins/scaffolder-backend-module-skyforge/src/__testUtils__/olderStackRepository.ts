import type { AuditorService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { renderStack } from '@skyforge/stack-renderer';
import {
  readSkyforgeYaml,
  RENDER_RECORD_PATH,
  renderRenderRecord,
} from '@skyforge/stack-renderer/repository';
import { renderCostFile } from '@skyforge/stack-renderer/cost';
import yaml from 'yaml';
import { createUpgradeStackAction } from '../actions/createUpgradeStackAction';
import { commitTree } from './commitTree';
import { readRenderFixture } from './renderFixture';
import type { GitHubDouble } from './startGitHubDouble';

/** What renderer 0.1.0 wrote for the aws-small example (see the fixture's header), untouched. */
export const frozenOlderRender = readRenderFixture(
  'aws-small.renderer-0.1.0.txt',
);

/**
 * The same repository after the one edit every stack of renderer 0.1.0 needs before a newer
 * renderer accepts it: its Kubernetes 1.33 left EKS standard support on 2026-07-29, so its owner
 * moved to 1.34 on extended support (EKS upgrades one minor version at a time).
 */
export const olderRender: Record<string, string> = {
  ...frozenOlderRender,
  'skyforge.yaml': frozenOlderRender['skyforge.yaml'].replace(
    '    kubernetesVersion: "1.33"\n',
    '    kubernetesVersion: "1.34"\n    extendedSupport: true\n',
  ),
};

/**
 * The same repository as renderer 0.2.0 and later leave it, with the render record: renderer
 * 0.1.0 did not write one, so this adds the one it would have written (the Git blob id of each
 * of its files).
 */
export const olderRenderWithRecord = {
  ...olderRender,
  [RENDER_RECORD_PATH]: renderRenderRecord(olderRender),
};

/** The owner links the dashboard from the Component, in the file the new render changes too. */
export const ownerCatalogInfo = olderRender['catalog-info.yaml'].replace(
  '  annotations:\n    backstage.io/kubernetes-id: payments-api\n',
  '  annotations:\n    grafana/dashboard-selector: payments-api\n    backstage.io/kubernetes-id: payments-api\n',
);
export const ownerRunbook =
  '# Runbook\n\nRestart the payments-api Deployment.\n';

/** The new render of the fixture's skyforge.yaml, with COST.md, as the pull request should hold it. */
export function newRender(skyforgeYaml = olderRender['skyforge.yaml']) {
  const { spec } = readSkyforgeYaml(skyforgeYaml);
  return { ...renderStack(spec).files, ...renderCostFile(spec) };
}

/** The Component of the fixture's catalog-info.yaml, as the catalog holds it after catalog:register. */
export function registeredComponent(baseUrl: string, repo: string): Entity {
  const component = yaml
    .parseAllDocuments(olderRender['catalog-info.yaml'])
    .map(document => document.toJS())
    .find(entity => entity?.kind === 'Component');
  component.metadata.namespace = 'default';
  component.metadata.annotations[
    'backstage.io/managed-by-location'
  ] = `url:${baseUrl}/acme/${repo}/tree/main/catalog-info.yaml`;
  return component;
}

/** The upgrade action wired to a GitHub double and a catalog holding `entities`. */
export function createUpgradeActionFor(options: {
  github: GitHubDouble;
  entities?: Entity[];
  requireScmUserCredentials?: boolean;
  auditor?: AuditorService;
}) {
  const { github } = options;
  const config = mockServices.rootConfig({
    data: {
      integrations: {
        github: [
          {
            host: github.host,
            apiBaseUrl: github.apiBaseUrl,
            token: github.token,
          },
        ],
      },
      scaffolder: {
        defaultAuthor: { name: 'Skyforge', email: 'skyforge@example.com' },
        requireScmUserCredentials: options.requireScmUserCredentials ?? false,
      },
    },
  });
  return createUpgradeStackAction({
    integrations: ScmIntegrations.fromConfig(config),
    catalog: catalogServiceMock({ entities: options.entities ?? [] }),
    config,
    auditor: options.auditor,
  });
}

type UpgradeActionContext = Parameters<
  ReturnType<typeof createUpgradeStackAction>['handler']
>[0];

/** Runs an action's handler with a mock context; returns the context and its outputs by name. */
export async function runAction(
  action: ReturnType<typeof createUpgradeStackAction>,
  input: Record<string, unknown>,
  options: { workspacePath: string; isDryRun?: boolean },
): Promise<{
  ctx: UpgradeActionContext;
  outputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- outputs vary per test
}> {
  // scaffolder-node-test-utils has no 1.57 release yet and builds its context from an older
  // @backstage/plugin-scaffolder-node; the shapes agree, the nominal types do not.
  const ctx = {
    ...createMockActionContext({
      input: input as never,
      workspacePath: options.workspacePath,
    }),
    isDryRun: options.isDryRun ?? false,
  } as unknown as UpgradeActionContext;
  await action.handler(ctx);
  const outputs = Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls.map(([name, value]) => [name, value]),
  );
  return { ctx, outputs };
}

/**
 * Creates `acme/<repo>` on the double with `rendered` as its first commit, then a commit of its
 * owner who edited catalog-info.yaml and added a runbook; returns the bare repository and head.
 */
export async function pushOlderStackRepository(options: {
  github: GitHubDouble;
  repo: string;
  rendered: Record<string, string>;
}) {
  const { github, repo, rendered } = options;
  const bare = await github.createRepository('acme', repo);
  await commitTree({
    bare,
    branch: 'main',
    files: rendered,
    message: 'Initial commit from Skyforge',
  });
  const head = await commitTree({
    bare,
    branch: 'main',
    files: {
      ...rendered,
      'catalog-info.yaml': ownerCatalogInfo,
      'docs/runbook.md': ownerRunbook,
    },
    message: 'Link the dashboard, add a runbook',
  });
  return { bare, head };
}
