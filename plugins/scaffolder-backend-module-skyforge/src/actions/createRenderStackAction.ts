import path from 'node:path';
import type { AuditorService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { checkRepository } from '@skyforge/stack-checks';
import { catalogEntityRefs, renderStack } from '@skyforge/stack-renderer';
import { estimateCost } from '@skyforge/stack-renderer/cost';
import { examples } from './createRenderStackAction.examples';
import { parseStackInput } from './parseStackInput';
import { checksSummarySchema, summarizeChecks } from './summarizeChecks';
import { stackInputSchema } from './stackInputSchema';
import { estimateSummarySchema, summarizeEstimate } from './summarizeEstimate';
import { withAuditEvent } from './withAuditEvent';
import { normalizeTargetPath, writeFileTree } from './writeFileTree';

/**
 * `skyforge:stack:render` — validates a StackSpec (given whole or field by field), renders the
 * repository (Terraform, Kustomize, workflows, catalog-info.yaml, docs), writes it into the
 * task workspace under `targetPath` and runs the policy checks of `skyforge check` on it (the
 * `checks` output). Supports dry run: the tree is written to the dry-run workspace so the
 * template editor shows every file and the findings.
 *
 * @public
 */
export function createRenderStackAction(
  options: {
    /** Records each run as the auditor event `stack-render`. */
    auditor?: AuditorService;
  } = {},
) {
  return createTemplateAction({
    id: 'skyforge:stack:render',
    description:
      'Renders a Skyforge stack (Terraform for AWS, GCP and Azure, Kustomize, CI workflows, catalog-info.yaml, TechDocs) into the workspace.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...stackInputSchema,
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Directory inside the workspace to render into (default: the workspace root). Relative; ".." and absolute paths are refused.',
            ),
      },
      output: {
        fileCount: z => z.number().describe('Number of files written.'),
        entityRefs: z =>
          z
            .array(z.string())
            .describe(
              'Refs of every entity catalog-info.yaml declares (System, Component, Resources).',
            ),
        componentRef: z =>
          z
            .string()
            .describe(
              "Ref of the stack's Component, e.g. component:default/payments-api.",
            ),
        estimate: z =>
          estimateSummarySchema(z).describe(
            'Estimated monthly cost at list prices (USD): total, per cloud × environment, per environment, per cloud.',
          ),
        warnings: z =>
          z
            .array(z.string())
            .describe('Things to know that did not stop the render.'),
        checks: z =>
          checksSummarySchema(z).describe(
            'The policy check of the rendered files (provider schemas, security rules, manifest checks; as `skyforge check`): passed, findings (family, rule, file, address, message), checks skipped (manifest checks need kubectl) and a Markdown summary.',
          ),
        spec: z =>
          z
            .record(z.unknown())
            .describe(
              'The validated StackSpec with defaults filled in, for later steps.',
            ),
      },
    },
    async handler(ctx) {
      await withAuditEvent(
        { auditor: options.auditor, eventId: 'stack-render', ctx },
        async () => {
          const { targetPath: rawTargetPath, ...stackInput } = ctx.input;
          const targetPath = normalizeTargetPath(rawTargetPath);
          const spec = parseStackInput(stackInput);
          const { files, warnings } = renderStack(spec);

          // No ctx.checkpoint here: on a retry or a recovered task the scaffolder hands the step
          // a fresh, empty workspace (it is restored only when workspace serialization is
          // configured) and returns a checkpoint's stored value without running it, so a
          // checkpointed write would be skipped and the repository published without its files.
          // Rendering is deterministic and writing is idempotent, so the step simply writes again.
          const written = await writeFileTree({
            workspacePath: ctx.workspacePath,
            targetPath,
            files,
          });

          const checks = summarizeChecks(
            await checkRepository({
              directory: path.join(ctx.workspacePath, targetPath),
              requireKubectl: false,
            }),
          );
          for (const reason of checks.skipped) {
            ctx.logger.warn(`Skipped ${reason}`);
          }
          for (const finding of checks.findings) {
            ctx.logger.warn(
              `Policy check: ${finding.file}: ${finding.rule} ${finding.message}`,
            );
          }

          const entityRefs = catalogEntityRefs(spec);
          const componentRef = entityRefs.find(ref =>
            ref.startsWith('component:'),
          );
          const estimate = summarizeEstimate(estimateCost(spec));
          ctx.logger.info(
            `Rendered ${written.fileCount} files for ${
              spec.metadata.name
            } (${spec.spec.clouds.join(', ')}; ${spec.spec.environments.join(
              ', ',
            )}) into ${targetPath || 'the workspace root'}${
              ctx.isDryRun ? ' (dry run)' : ''
            }`,
          );
          for (const warning of warnings) ctx.logger.warn(warning);

          ctx.output('fileCount', written.fileCount);
          ctx.output('entityRefs', entityRefs);
          ctx.output(
            'componentRef',
            componentRef ?? `component:default/${spec.metadata.name}`,
          );
          ctx.output('estimate', estimate);
          ctx.output('warnings', warnings);
          ctx.output('checks', checks);
          ctx.output('spec', JSON.parse(JSON.stringify(spec)));
          return {
            stack: spec.metadata.name,
            owner: spec.metadata.owner,
            clouds: spec.spec.clouds,
            environments: spec.spec.environments,
            fileCount: written.fileCount,
          };
        },
      );
    },
  });
}
