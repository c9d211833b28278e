import { TERRAFORM_RULES } from './rules/terraformRules';
import type { ParsedTerraform, RuleViolation } from './types';

/**
 * Runs the security rules over parsed Terraform. Each rule runs once per resource of its types,
 * so a rule only applies where such resources exist. Violations come in rule order, then in
 * resource order.
 */
export function runTerraformRules(parsed: ParsedTerraform): RuleViolation[] {
  const violations: RuleViolation[] = [];
  for (const rule of TERRAFORM_RULES) {
    for (const resource of parsed.resources) {
      if (!rule.resourceTypes.includes(resource.type)) continue;
      const message = rule.check({ resource, parsed });
      if (message === undefined) continue;
      violations.push({
        ruleId: rule.id,
        title: rule.title,
        cloud: rule.cloud,
        file: resource.file,
        address: resource.address,
        message,
      });
    }
  }
  return violations;
}
