import { type CheckReport, formatFinding } from '@skyforge/stack-checks';
import type { z as zod } from 'zod/v3';

/** The output schema of the render action's `checks` output. */
export function checksSummarySchema(z: typeof zod) {
  return z.object({
    passed: z.boolean(),
    findings: z.array(
      z.object({
        family: z.enum(['schema', 'security', 'manifest']),
        rule: z.string(),
        file: z.string(),
        address: z.string().optional(),
        message: z.string(),
      }),
    ),
    skipped: z.array(z.string()),
    summary: z.string(),
  });
}

/** At most this many findings are listed in the summary text; all are in `findings`. */
const LISTED_FINDINGS = 20;

/**
 * The policy check of a render as a step output: whether it passed, every finding, what could
 * not run, and a Markdown summary a template can show as is.
 */
export function summarizeChecks(report: CheckReport) {
  const scope = `${report.terraformFiles} Terraform files and ${report.overlays.length} Kustomize overlays`;
  const lines: string[] = [];
  if (report.findings.length === 0) {
    lines.push(`No findings in ${scope} (\`skyforge check\`).`);
  } else {
    lines.push(
      `**${report.findings.length} finding${
        report.findings.length === 1 ? '' : 's'
      }** in ${scope} (\`skyforge check\`):`,
      '',
      ...report.findings
        .slice(0, LISTED_FINDINGS)
        .map(finding => `- \`${formatFinding(finding)}\``),
    );
    if (report.findings.length > LISTED_FINDINGS) {
      lines.push(`- … and ${report.findings.length - LISTED_FINDINGS} more`);
    }
  }
  for (const reason of report.skipped) lines.push('', `Skipped: ${reason}.`);
  return {
    passed: report.findings.length === 0,
    findings: report.findings.map(finding => ({ ...finding })),
    skipped: report.skipped,
    summary: lines.join('\n'),
  };
}
