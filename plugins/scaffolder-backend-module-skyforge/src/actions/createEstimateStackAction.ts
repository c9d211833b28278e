import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  estimateCost,
  renderCostMarkdown,
} from '@skyforge/stack-renderer/cost';
import { examples } from './createEstimateStackAction.examples';
import { parseStackInput } from './parseStackInput';
import { stackInputSchema } from './stackInputSchema';
import { estimateSummarySchema, summarizeEstimate } from './summarizeEstimate';
import { normalizeTargetPath, writeFileTree } from './writeFileTree';

/** The file the estimate is written to, inside `targetPath`. */
export const COST_FILE_NAME = 'COST.md';

/**
 * `skyforge:stack:estimate` — estimates a stack's monthly cost at list prices, returns it per
 * cloud × environment and writes `COST.md` into the workspace under `targetPath`.
 *
 * @public
 */
export function createEstimateStackAction() {
  return createTemplateAction({
    id: 'skyforge:stack:estimate',
    description:
      'Estimates the monthly cost of a Skyforge stack per cloud and environment and writes COST.md into the workspace.',
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
              'Directory inside the workspace to write COST.md into (default: the workspace root). Relative; ".." and absolute paths are refused.',
            ),
      },
      output: {
        monthly: z => z.number().describe('Estimated total per month.'),
        currency: z => z.string().describe('Currency of every amount (USD).'),
        estimate: z =>
          estimateSummarySchema(z).describe(
            'Totals per cloud × environment, per environment and per cloud, and the budget comparison.',
          ),
        costFile: z =>
          z.string().describe('Path of COST.md relative to the workspace.'),
      },
    },
    async handler(ctx) {
      const { targetPath: rawTargetPath, ...stackInput } = ctx.input;
      const targetPath = normalizeTargetPath(rawTargetPath);
      const spec = parseStackInput(stackInput);
      const estimate = estimateCost(spec);
      const markdown = renderCostMarkdown(estimate, spec);

      // Written on every run, never behind ctx.checkpoint: see createRenderStackAction.
      await writeFileTree({
        workspacePath: ctx.workspacePath,
        targetPath,
        files: { [COST_FILE_NAME]: markdown },
      });

      const summary = summarizeEstimate(estimate);
      ctx.logger.info(
        `Estimated ${summary.monthly.toFixed(2)} ${
          summary.currency
        } per month for ${spec.metadata.name}`,
      );
      ctx.output('monthly', summary.monthly);
      ctx.output('currency', summary.currency);
      ctx.output('estimate', summary);
      ctx.output(
        'costFile',
        targetPath ? `${targetPath}/${COST_FILE_NAME}` : COST_FILE_NAME,
      );
    },
  });
}
