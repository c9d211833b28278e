import type {
  StackCheckFinding,
  StackCheckResponse,
} from '@skyforge/plugin-skyforge-common';

/**
 * The `ui:field` name of the wizard's policy check preview, as templates refer to it.
 *
 * @public
 */
export const STACK_CHECK_FIELD_NAME = 'SkyforgeStackCheck';

/** `1 finding`, `3 findings`. */
export function findingCount(count: number): string {
  return `${count} finding${count === 1 ? '' : 's'}`;
}

/**
 * The check's result in one line, the field's value and so what the review step shows:
 * `passed` or `2 findings: CKV2_AWS_6 (infra/…), …`, with the checks that could not run.
 */
export function stackCheckSummary(response: StackCheckResponse): string {
  const rules = [...new Set(response.findings.map(finding => finding.rule))];
  const result = response.passed
    ? 'passed'
    : `${findingCount(response.findings.length)}: ${rules.join(', ')}`;
  return response.skipped.length > 0
    ? `${result} (manifest checks skipped)`
    : result;
}

/** Where a finding is: the file, and the block or object in it when there is one. */
export function findingLocation(finding: StackCheckFinding): string {
  return finding.address
    ? `${finding.file} (${finding.address})`
    : finding.file;
}
