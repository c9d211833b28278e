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
import {
  destroyConfirmation,
  DESTROY_WORKFLOW_PATH,
  readStackDocument,
  SKYFORGE_YAML_PATH,
} from '@skyforge/stack-renderer/repository';
import { parse } from 'yaml';
import { GitHubStackRepository } from '../upgrade/GitHubStackRepository';
import { stackRepositoryFromEntity } from '../upgrade/resolveStackRepository';
import { examples } from './createTeardownStackAction.examples';
import { withAuditEvent } from './withAuditEvent';

const DESTROY_WORKFLOW = DESTROY_WORKFLOW_PATH.split('/').pop()!;

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every(item => typeof item === 'string');

/**
 * The name, environments and clouds of a rendered `skyforge.yaml` — all a teardown needs. Not the
 * full StackSpec validation on purpose: its date-dependent rules (a Kubernetes version that has
 * since left standard support) must never keep an old stack from being torn down.
 */
function readTeardownTargets(
  text: string,
  repositoryName: string,
): { name: string; environments: string[]; clouds: string[] } {
  let stack: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- checked field by field below
  try {
    ({ stack } = readStackDocument(parse(text)));
  } catch (error) {
    throw new InputError(
      `${SKYFORGE_YAML_PATH} of ${repositoryName} cannot be read: ${
        (error as Error).message
      }`,
    );
  }
  const name = stack?.metadata?.name;
  const environments = stack?.spec?.environments;
  const clouds = stack?.spec?.clouds;
  if (
    typeof name !== 'string' ||
    !isStringList(environments) ||
    !isStringList(clouds)
  ) {
    throw new InputError(
      `${SKYFORGE_YAML_PATH} of ${repositoryName} must name metadata.name, spec.environments and spec.clouds`,
    );
  }
  return { name, environments, clouds };
}

/**
 * `skyforge:stack:teardown` — starts the destroy workflow of one environment and cloud of a stack
 * Skyforge rendered (`.github/workflows/destroy.yaml` of its GitHub repository), after checking
 * the typed confirmation against the stack's `skyforge.yaml`. The workflow does the teardown:
 * it waits for the GitHub environment's required reviewers, deletes the workloads, lifts deletion
 * protection and destroys the root. With `unregister`, the stack's catalog location (and so its
 * entities) is removed once the run is started.
 *
 * The dispatch is the one external side effect, in `ctx.checkpoint`: a retried task does not
 * start a second run. The catalog calls carry the initiating user's credentials, so the catalog's
 * permissions decide what they may read and unregister.
 *
 * In dry run it reads the repository and checks the inputs, and starts nothing.
 *
 * @public
 */
export function createTeardownStackAction(options: {
  integrations: ScmIntegrationRegistry;
  catalog: CatalogService;
  config?: RootConfigService;
  githubCredentialsProvider?: GithubCredentialsProvider;
  /** Records each run as the auditor event `stack-teardown`. */
  auditor?: AuditorService;
}) {
  const { integrations, catalog, config } = options;
  return createTemplateAction({
    id: 'skyforge:stack:teardown',
    description:
      "Starts the destroy workflow of one environment of a Skyforge stack in its GitHub repository (approval-gated by the environment's reviewers), optionally unregistering the stack from the catalog.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .describe(
              'A Component rendered by Skyforge, e.g. component:default/payments-api; its repository comes from its skyforge.io/stack annotation and the location it was registered from.',
            ),
        environment: z =>
          z.string().describe('The environment to destroy, e.g. prod.'),
        cloud: z =>
          z.string().describe('The cloud of that environment, e.g. aws.'),
        confirm: z =>
          z
            .string()
            .describe(
              'Typed by the user: <stack>/<environment>/<cloud>, exactly, e.g. payments-api/prod/aws.',
            ),
        bootstrap: z =>
          z
            .boolean()
            .optional()
            .describe(
              'The last environment of the cloud: the run ends with the steps that destroy infra/bootstrap/<cloud> (its administrator runs them; the workflow never destroys the identities it runs as).',
            ),
        unregister: z =>
          z
            .boolean()
            .optional()
            .describe(
              "Remove the stack's catalog location, and with it its entities, once the run is started.",
            ),
        ref: z =>
          z
            .string()
            .optional()
            .describe(
              "The branch whose destroy workflow runs (default: the repository's default branch).",
            ),
        token: z =>
          z
            .string()
            .optional()
            .describe(
              "The user's GitHub token; default: the integration's credentials.",
            ),
      },
      output: {
        repository: z =>
          z
            .string()
            .describe('owner/repo of the stack, e.g. acme/payments-infra.'),
        workflowUrl: z =>
          z
            .string()
            .describe(
              'The runs page of the destroy workflow, where the new run waits for its approval.',
            ),
        unregistered: z =>
          z
            .string()
            .optional()
            .describe('The catalog location removed, when unregister was set.'),
      },
    },
    async handler(ctx) {
      await withAuditEvent(
        { auditor: options.auditor, eventId: 'stack-teardown', ctx },
        async () => {
          const { entityRef, environment, cloud, confirm, token } = ctx.input;
          const bootstrap = ctx.input.bootstrap ?? false;
          const credentials = await ctx.getInitiatorCredentials();
          const entity = await catalog.getEntityByRef(entityRef, {
            credentials,
          });
          if (!entity) {
            throw new InputError(
              `No entity ${entityRef} in the catalog (or you may not read it)`,
            );
          }
          const target = stackRepositoryFromEntity({ entity, integrations });
          if (target.directory) {
            throw new InputError(
              `${entityRef}: the stack lives in ${target.directory}/, but GitHub runs workflows only from the repository root; run its destroy workflow by hand`,
            );
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
          const snapshot = await repository.readSnapshot(ctx.input.ref);
          const text = await repository.readFile(snapshot, SKYFORGE_YAML_PATH);
          if (text === undefined) {
            throw new InputError(
              `${repositoryName} has no ${SKYFORGE_YAML_PATH} on ${snapshot.branch}; it was not rendered by Skyforge`,
            );
          }
          const { name, environments, clouds } = readTeardownTargets(
            text,
            repositoryName,
          );
          if (!environments.includes(environment)) {
            throw new InputError(
              `environment must be one of the stack's environments (${environments.join(
                ', ',
              )}), got "${environment}"`,
            );
          }
          if (!clouds.includes(cloud)) {
            throw new InputError(
              `cloud must be one of the stack's clouds (${clouds.join(
                ', ',
              )}), got "${cloud}"`,
            );
          }
          const expected = destroyConfirmation(
            { metadata: { name } },
            { environment, cloud },
          );
          if (confirm !== expected) {
            throw new InputError(
              `confirm must be exactly ${expected} to destroy ${environment}/${cloud} of ${name}`,
            );
          }
          if (!snapshot.files[DESTROY_WORKFLOW_PATH]) {
            throw new InputError(
              `${repositoryName} has no ${DESTROY_WORKFLOW_PATH} on ${snapshot.branch}: it was rendered before teardown existed; upgrade the stack first (template "Upgrade a Skyforge stack")`,
            );
          }
          const workflowUrl = repository.workflowRunsUrl(DESTROY_WORKFLOW);
          ctx.output('repository', repositoryName);
          ctx.output('workflowUrl', workflowUrl);
          const audited = {
            repository: repositoryName,
            branch: snapshot.branch,
            environment,
            cloud,
            bootstrap,
            unregister: ctx.input.unregister ?? false,
          };
          if (ctx.isDryRun) {
            ctx.logger.info(
              `Dry run: would start ${DESTROY_WORKFLOW} of ${repositoryName} (${
                snapshot.branch
              }) for ${environment}/${cloud}${
                bootstrap ? ', ending with the bootstrap steps' : ''
              }${ctx.input.unregister ? ', then unregister the stack' : ''}`,
            );
            return { ...audited, outcome: 'dry-run' };
          }
          await ctx.checkpoint({
            key: `dispatch-destroy-${environment}-${cloud}`,
            fn: async () => {
              await repository.dispatchWorkflow({
                workflow: DESTROY_WORKFLOW,
                ref: snapshot.branch,
                inputs: {
                  environment,
                  cloud,
                  confirm,
                  bootstrap: String(bootstrap),
                },
              });
            },
          });
          ctx.logger.info(
            `Started ${DESTROY_WORKFLOW} of ${repositoryName} for ${environment}/${cloud}; it waits for the reviewers of the GitHub environment ${environment}: ${workflowUrl}`,
          );
          let unregistered: string | undefined;
          if (ctx.input.unregister) {
            const location = await catalog.getLocationByEntity(entityRef, {
              credentials,
            });
            if (location) {
              await catalog.removeLocationById(location.id, { credentials });
              unregistered = `${location.type}:${location.target}`;
              ctx.output('unregistered', unregistered);
              ctx.logger.info(
                `Unregistered ${unregistered} and the entities it holds`,
              );
            }
          }
          return {
            ...audited,
            outcome: 'dispatched',
            ...(unregistered && { unregistered }),
          };
        },
      );
    },
  });
}
