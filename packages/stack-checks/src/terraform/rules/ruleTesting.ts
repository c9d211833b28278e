/* eslint-disable jest/no-export -- helpers shared by the rule tests; itChecksEveryRule defines tests */
import { parseTerraformFiles } from '../parseTerraformFiles';
import { runTerraformRules } from '../runTerraformRules';
import { TERRAFORM_RULES } from './terraformRules';
import type { ParsedTerraform, RuleViolation } from '../types';

/** A rule test: a compliant snippet and a deliberately broken one. */
export interface RuleCase {
  rule: string;
  /** What the broken snippet gets wrong. */
  broken: string;
  good: string;
  bad: string;
}

const parsedSnippets = new Map<string, Promise<ParsedTerraform>>();

/** Runs every rule over one HCL snippet; each distinct snippet is parsed once (parsing is the slow part). */
export async function violationsOf(hcl: string): Promise<RuleViolation[]> {
  let parsed = parsedSnippets.get(hcl);
  if (!parsed) {
    parsed = parseTerraformFiles({ 'main.tf': hcl });
    parsedSnippets.set(hcl, parsed);
  }
  return runTerraformRules(await parsed);
}

/** Replaces text that must be present, so a broken snippet never silently equals the good one. */
export function breakSnippet(
  hcl: string,
  search: string,
  replacement: string,
): string {
  if (!hcl.includes(search))
    throw new Error(`test snippet does not contain ${JSON.stringify(search)}`);
  return hcl.replace(search, replacement);
}

/**
 * The tests every cloud's rule set gets, inside its `describe`: the compliant baseline has no
 * violation; each case's good snippet passes its rule and its bad snippet fails it; every rule of
 * the cloud has a case, and the cloud has at least 10 rules.
 */
export function itChecksEveryRule(options: {
  cloud: 'aws' | 'gcp' | 'azure';
  label: string;
  baseline: string;
  cases: RuleCase[];
}): void {
  const { cloud, label, baseline, cases } = options;
  it('passes the compliant baseline with no violation at all', async () => {
    expect(await violationsOf(baseline)).toEqual([]);
  });

  it.each(cases)(
    '$rule passes a compliant snippet ($broken case)',
    async ({ rule, good }) => {
      const ids = (await violationsOf(good)).map(violation => violation.ruleId);
      expect(ids).not.toContain(rule);
    },
  );

  it.each(cases)('$rule fails when: $broken', async ({ rule, bad }) => {
    const ids = (await violationsOf(bad)).map(violation => violation.ruleId);
    expect(ids).toContain(rule);
  });

  it(`has a test case for every ${label} rule, and at least 10 rules`, () => {
    const rules = TERRAFORM_RULES.filter(rule => rule.cloud === cloud).map(
      rule => rule.id,
    );
    expect(rules.length).toBeGreaterThanOrEqual(10);
    expect([...new Set(cases.map(testCase => testCase.rule))].sort()).toEqual(
      [...rules].sort(),
    );
  });
}
