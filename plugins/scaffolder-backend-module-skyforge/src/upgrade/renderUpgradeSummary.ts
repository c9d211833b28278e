import {
  describeStackUpdateConflict,
  RENDER_RECORD_PATH,
  type StackUpdatePlan,
} from '@skyforge/stack-renderer/repository';
import { COST_FILE_PATH, formatUsd } from '@skyforge/stack-renderer/cost';
import type { EstimateSummary } from '../actions/summarizeEstimate';

/** GitHub refuses pull request bodies longer than 65,536 characters. */
const BODY_LIMIT = 60_000;

function fileList(title: string, files: string[]): string[] {
  if (files.length === 0) return [];
  return [
    '<details>',
    `<summary>${title} (${files.length})</summary>`,
    '',
    ...files.map(file => `- \`${file}\``),
    '',
    '</details>',
  ];
}

/** What moved, in one phrase: `renderer 0.1.0 → 0.2.0`, or the version alone when it did not. */
export function describeVersionChange(
  fromVersion: string | undefined,
  toVersion: string,
): string {
  if (fromVersion === toVersion) return `renderer ${toVersion}`;
  return `renderer ${fromVersion ?? '(unknown)'} → ${toVersion}`;
}

/**
 * The body of the upgrade pull request: what changed (files and renderer version), the files kept
 * because their owner edited them, and the new estimate. Markdown, shorter than GitHub's limit.
 */
export function renderUpgradeSummary(options: {
  name: string;
  fromVersion: string | undefined;
  toVersion: string;
  plan: StackUpdatePlan;
  estimate: EstimateSummary;
  /** Why the repository's render record could not be used, if it could not. */
  recordProblem?: string;
}): string {
  const { name, fromVersion, toVersion, plan, estimate } = options;
  const kept = plan.conflicts.filter(conflict => conflict.kept);
  const lines = [
    `Skyforge re-rendered \`skyforge.yaml\` of **${name}** with the current renderer: **${describeVersionChange(
      fromVersion,
      toVersion,
    )}**.`,
    'Review the plan of each environment in the checks of this pull request before merging.',
    '',
    '| Files | |',
    '| --- | --: |',
    `| Added | ${plan.added.length} |`,
    `| Changed | ${plan.changed.length} |`,
    `| Removed | ${plan.removed.length} |`,
    `| Unchanged | ${plan.unchanged.length} |`,
    `| Edited by hand, nothing new from the renderer | ${plan.edited.length} |`,
    `| Kept as they are (conflicts) | ${kept.length} |`,
    '',
  ];
  if (options.recordProblem) {
    lines.push(
      `> **Note:** ${options.recordProblem} Skyforge therefore cannot tell files edited by hand from the output of an older renderer: it kept every file that differs and removed none. This pull request adds \`${RENDER_RECORD_PATH}\`, so the next upgrade updates the files nobody edited.`,
      '',
    );
  }
  if (kept.length > 0) {
    lines.push(
      '### Kept as they are (conflicts)',
      '',
      'Skyforge did not change these files. Compare each with what the renderer writes now (in a checkout, `skyforge render skyforge.yaml --out . --force` then `git diff`) and keep what you need; once a file equals the rendered one, later upgrades update it again.',
      '',
      ...kept.map(
        conflict =>
          `- \`${conflict.path}\`: ${describeStackUpdateConflict(conflict)}`,
      ),
      '',
    );
  }
  lines.push(
    '### Estimated monthly cost',
    '',
    `About **${formatUsd(estimate.monthly)}** per month at list prices of ${
      estimate.pricesAsOf
    }; \`${COST_FILE_PATH}\` has the breakdown and its assumptions.`,
    '',
    '| Environment | Cloud | Region | Monthly |',
    '| --- | --- | --- | --: |',
    ...estimate.byCloudEnvironment.map(
      total =>
        `| ${total.environment} | ${total.cloud} | ${
          total.region
        } | ${formatUsd(total.monthly)} |`,
    ),
    '',
  );
  if (estimate.budget) {
    lines.push(
      `Budget: ${estimate.budget.monthly} ${estimate.budget.currency} per month (${estimate.budget.status}).`,
      '',
    );
  }
  const details = [
    ...fileList('Added', plan.added),
    ...fileList('Changed', plan.changed),
    ...fileList('Removed', plan.removed),
    ...fileList(
      'Edited by hand, left as they are (nothing new from the renderer)',
      plan.edited,
    ),
  ];
  const footer = [
    '',
    '<sub>Opened by the `skyforge:stack:upgrade` action; running it again updates this pull request.</sub>',
  ];
  const body = [...lines, ...details, ...footer].join('\n');
  if (body.length <= BODY_LIMIT) return `${body}\n`;
  return `${[
    ...lines,
    `The lists of added, changed and removed files are too long for this description; see the "Files changed" tab.`,
    ...footer,
  ].join('\n')}\n`;
}
