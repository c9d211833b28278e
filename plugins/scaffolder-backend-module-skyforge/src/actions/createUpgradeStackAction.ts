import type {
  AuditorService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { RENDERER_VERSION } from '@skyforge/stack-renderer';
import { estimateCost } from '@skyforge/stack-renderer/cost';
import { GitHubStackRepository } from '../upgrade/GitHubStackRepository';
import { planStackUpgrade } from '../upgrade/planStackUpgrade';
import {
  describeVersionChange,
  renderUpgradeSummary,
} from '../upgrade/renderUpgradeSummary';
import {
  stackRepositoryFromEntity,
  stackRepositoryFromRepoUrl,
  type StackRepository,
} from '../upgrade/resolveStackRepository';
import { examples } from './createUpgradeStackAction.examples';
import { estimateSummarySchema, summarizeEstimate } from './summarizeEstimate';
import { withAuditEvent } from './withAuditEvent';
import { writeFileTree } from './writeFileTree';

/**
 * The branch the upgrade pull request comes from, unless the template names another.
 *
 * @public
 */
export const DEFAULT_UPGRADE_BRANCH = 'skyforge/upgrade';

/** The trailer every upgrade commit carries; a branch head without it was pushed by someone else. */
export const UPGRADE_COMMIT_TRAILER = 'Skyforge-Upgrade:';

/**
 * `skyforge:stack:upgrade` — reads a stack's `skyforge.yaml` from its GitHub repository,
 * re-renders it with the installed renderer and opens a pull request with the result, or updates
 * the one it opened before. Files edited by hand since the last render are kept and listed in the
 * pull request as conflicts (detected with the render record's Git blob ids). The body says what
 * changed — files, renderer version from → to — and gives the new estimate.
 *
 * No `ctx.checkpoint`: every write is idempotent (the same commit is not made twice, the branch is
 * Skyforge's own, the pull request is found before one is opened), and a retried run must see the
 * repository as it is then, not as an earlier run saw it.
 *
 * In dry run it reads the repository (nothing else) and writes the files the pull request would
 * add or change into the workspace, so the template editor shows them.
 *
 * @public
 */
export function createUpgradeStackAction(options: {
  integrations: ScmIntegrationRegistry;
  catalog: CatalogService;
  config?: RootConfigService;
  githubCredentialsProvider?: GithubCredentialsProvider;
  /** Records each run as the auditor event `stack-upgrade`. */
  auditor?: AuditorService;
}) {
  const { integrations, catalog, config } = options;
  return createTemplateAction({
    id: 'skyforge:stack:upgrade',
    description:
      "Re-renders a Skyforge stack's skyforge.yaml with the installed renderer and opens (or updates) a pull request in its GitHub repository; files edited by hand are kept and listed.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .optional()
            .describe(
              'A Component rendered by Skyforge, e.g. component:default/payments-api; its repository comes from its skyforge.io/stack annotation and the location it was registered from. Give this or repoUrl.',
            ),
        repoUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'The repository, as RepoUrlPicker gives it: github.com?owner=acme&repo=payments-infra. Give this or entityRef.',
            ),
        stackPath: z =>
          z
            .string()
            .optional()
            .describe(
              'With repoUrl: the folder of skyforge.yaml in the repository (default: the root).',
            ),
        baseBranch: z =>
          z
            .string()
            .optional()
            .describe(
              "The branch to upgrade and to open the pull request into (default: the repository's default branch).",
            ),
        branchName: z =>
          z
            .string()
            .optional()
            .describe(
              `The branch of the pull request (default: ${DEFAULT_UPGRADE_BRANCH}). Running the action again updates the same branch and pull request.`,
            ),
        draft: z =>
          z.boolean().optional().describe('Open the pull request as a draft.'),
        token: z =>
          z
            .string()
            .optional()
            .describe(
              "The user's GitHub token (e.g. from RepoUrlPicker's requestUserCredentials); default: the integration's credentials.",
            ),
      },
      output: {
        upToDate: z =>
          z
            .boolean()
            .describe(
              'True when the repository already equals the new render (no pull request).',
            ),
        pullRequestUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'The pull request (absent when up to date or in dry run).',
            ),
        pullRequestNumber: z => z.number().optional(),
        repository: z =>
          z
            .string()
            .describe('owner/repo of the stack, e.g. acme/payments-infra.'),
        fromVersion: z =>
          z
            .string()
            .optional()
            .describe('The renderer version skyforge.yaml recorded.'),
        toVersion: z => z.string().describe('The installed renderer version.'),
        added: z => z.array(z.string()),
        changed: z => z.array(z.string()),
        removed: z => z.array(z.string()),
        edited: z =>
          z
            .array(z.string())
            .describe(
              'Files edited by hand that the new render leaves as the last render wrote them (kept, no conflict).',
            ),
        conflicts: z =>
          z
            .array(
              z.object({
                path: z.string(),
                reason: z.string(),
                message: z.string(),
              }),
            )
            .describe('Files kept as they are, with the reason.'),
        estimate: z =>
          estimateSummarySchema(z).describe(
            'The new estimated monthly cost at list prices.',
          ),
        summary: z =>
          z.string().describe('The pull request description (Markdown).'),
      },
    },
    async handler(ctx) {
      await withAuditEvent(
        { auditor: options.auditor, eventId: 'stack-upgrade', ctx },
        async () => {
          const { entityRef, repoUrl, stackPath, draft, token } = ctx.input;
          if (Boolean(entityRef) === Boolean(repoUrl)) {
            throw new InputError(
              'Give either entityRef (a Component rendered by Skyforge) or repoUrl, not both and not neither',
            );
          }
          let target: StackRepository;
          if (entityRef) {
            const entity = await catalog.getEntityByRef(entityRef, {
              credentials: await ctx.getInitiatorCredentials(),
            });
            if (!entity) {
              throw new InputError(
                `No entity ${entityRef} in the catalog (or you may not read it)`,
              );
            }
            target = stackRepositoryFromEntity({ entity, integrations });
          } else {
            target = stackRepositoryFromRepoUrl({
              repoUrl: repoUrl!,
              directory: stackPath,
              integrations,
            });
          }
          if (
            !token &&
            config?.getOptionalBoolean('scaffolder.requireScmUserCredentials')
          ) {
            throw new InputError(
              `No user credentials for ${target.host}, but scaffolder.requireScmUserCredentials is enabled; pass the user's token`,
            );
          }
          const repositoryName = `${target.owner}/${target.repo}`;
          const repository = await GitHubStackRepository.connect({
            integrations,
            credentialsProvider: options.githubCredentialsProvider,
            target,
            token,
          });
          const snapshot = await repository.readSnapshot(ctx.input.baseBranch);
          const upgrade = await planStackUpgrade({
            repositoryName,
            snapshot,
            readFile: file => repository.readFile(snapshot, file),
          });
          const { spec, fromVersion, plan, recordProblem } = upgrade;
          if (recordProblem) ctx.logger.warn(recordProblem);
          const estimate = summarizeEstimate(estimateCost(spec));
          const summary = renderUpgradeSummary({
            name: spec.metadata.name,
            fromVersion,
            toVersion: RENDERER_VERSION,
            plan,
            estimate,
            recordProblem,
          });
          await writeFileTree({
            workspacePath: ctx.workspacePath,
            files: plan.write,
          });

          const upToDate =
            Object.keys(plan.write).length === 0 && plan.remove.length === 0;
          ctx.output('upToDate', upToDate);
          ctx.output('repository', repositoryName);
          if (fromVersion) ctx.output('fromVersion', fromVersion);
          ctx.output('toVersion', RENDERER_VERSION);
          ctx.output('added', plan.added);
          ctx.output('changed', plan.changed);
          ctx.output('removed', plan.removed);
          ctx.output('edited', plan.edited);
          ctx.output(
            'conflicts',
            upgrade.conflicts.map(({ path, reason, message }) => ({
              path,
              reason,
              message,
            })),
          );
          ctx.output('estimate', estimate);
          ctx.output('summary', summary);

          const audited = {
            repository: repositoryName,
            branch: snapshot.branch,
            ...(fromVersion && { fromVersion }),
            toVersion: RENDERER_VERSION,
            added: plan.added.length,
            changed: plan.changed.length,
            removed: plan.removed.length,
          };
          const change = `${describeVersionChange(
            fromVersion,
            RENDERER_VERSION,
          )}: ${plan.added.length} added, ${plan.changed.length} changed, ${
            plan.removed.length
          } removed, ${plan.conflicts.length} kept`;
          if (upToDate) {
            ctx.logger.info(
              `${repositoryName} (${snapshot.branch}) already equals the render with renderer ${RENDERER_VERSION}; no pull request needed`,
            );
            return { ...audited, outcome: 'up-to-date' };
          }
          if (ctx.isDryRun) {
            ctx.logger.info(
              `Dry run: would propose ${change} to ${repositoryName} (${snapshot.branch})`,
            );
            return { ...audited, outcome: 'dry-run' };
          }
          const title =
            fromVersion === RENDERER_VERSION
              ? `Re-render ${spec.metadata.name} with Skyforge renderer ${RENDERER_VERSION}`
              : `Upgrade ${spec.metadata.name} to Skyforge renderer ${RENDERER_VERSION}`;
          const author = config?.getOptionalConfig('scaffolder.defaultAuthor');
          const pullRequest = await repository.proposeChange({
            snapshot,
            change: plan,
            branch: ctx.input.branchName ?? DEFAULT_UPGRADE_BRANCH,
            title,
            body: summary,
            commitMessage: `${title}\n\n${change}.\n\n${UPGRADE_COMMIT_TRAILER} ${
              spec.metadata.name
            } ${describeVersionChange(fromVersion, RENDERER_VERSION)}`,
            commitMarker: `\n${UPGRADE_COMMIT_TRAILER} `,
            author:
              author?.getOptionalString('name') &&
              author?.getOptionalString('email')
                ? {
                    name: author.getString('name'),
                    email: author.getString('email'),
                  }
                : undefined,
            draft,
          });
          ctx.logger.info(
            `${pullRequest.opened ? 'Opened' : 'Updated'} pull request #${
              pullRequest.number
            } in ${repositoryName} (${change}${
              pullRequest.branchUpdated
                ? ''
                : '; the branch already had this change'
            }): ${pullRequest.url}`,
          );
          ctx.output('pullRequestUrl', pullRequest.url);
          ctx.output('pullRequestNumber', pullRequest.number);
          return {
            ...audited,
            outcome: pullRequest.opened
              ? 'pull-request-opened'
              : 'pull-request-updated',
            pullRequestUrl: pullRequest.url,
            pullRequestNumber: pullRequest.number,
          };
        },
      );
    },
  });
}
