import { parseTerraformFiles } from '../parseTerraformFiles';
import { runTerraformRules } from '../runTerraformRules';
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
