import { checkRenderedTerraform } from '@skyforge/stack-checks';
import { renderStack } from '../../renderStack';
import { deploymentTargets } from '../../spec/deploymentTargets';
import { parseStackSpec } from '../../spec/stackSpec';
import { exampleSpecs } from '../../testing/exampleSpecs';
import { targetBudgets } from './stackBudget';

/** Every Terraform file of the render: the budgets' references resolve in their own roots. */
function terraformFiles(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(files).filter(([path]) => path.endsWith('.tf')),
  );
}

const count = (text: string, pattern: RegExp) =>
  (text.match(pattern) ?? []).length;

describe.each(Object.keys(exampleSpecs))('the budgets of %s', key => {
  const spec = parseStackSpec(exampleSpecs[key]);
  const files = renderStack(spec).files;
  const clouds = spec.spec.clouds;

  it('exist on every cloud of the stack exactly when spec.budget is set, and add up to it', () => {
    const aws = files['infra/bootstrap/aws/budget.tf'];
    const gcp = files['infra/bootstrap/gcp/budget.tf'];
    const azureRoots = Object.entries(files).filter(([path]) =>
      /^infra\/envs\/[a-z]+\/azure\/main\.tf$/.test(path),
    );
    const azureBudgets = azureRoots.filter(([, text]) =>
      text.includes('resource "azurerm_consumption_budget_resource_group"'),
    );
    const budget = spec.spec.budget;
    expect({
      aws: aws !== undefined,
      gcp: gcp !== undefined,
      azure: azureBudgets.length,
    }).toEqual({
      aws: Boolean(budget) && clouds.includes('aws'),
      gcp: Boolean(budget) && clouds.includes('gcp'),
      azure: budget && clouds.includes('azure') ? azureRoots.length : 0,
    });
    const shares = targetBudgets(spec);
    expect(
      shares.map(share => `${share.environment}-${share.cloud}`).sort(),
    ).toEqual(
      budget
        ? deploymentTargets(spec)
            .map(target => `${target.environment}-${target.cloud}`)
            .sort()
        : [],
    );
    const total = shares.reduce((sum, share) => sum + share.amount, 0);
    // Whole units per target: rounding moves the total by at most half a unit per target.
    expect(Math.abs(total - (budget?.monthly ?? 0))).toBeLessThanOrEqual(
      shares.length / 2,
    );
    const awsShare = shares
      .filter(share => share.cloud === 'aws')
      .reduce((sum, share) => sum + share.amount, 0);
    expect(
      aws === undefined ||
        (aws.includes(`limit_amount = "${awsShare}"`) &&
          aws.includes(`limit_unit   = "${budget?.currency}"`)),
    ).toBe(true);
    expect(count(gcp ?? '', /^ {4}(dev|staging|prod) += \d+$/gm)).toBe(
      shares.filter(share => share.cloud === 'gcp').length,
    );
  });

  it('pass the provider schemas and the budget rules (stack-checks), and fail the rule when the attribution filter is lost', async () => {
    const budget = terraformFiles(files);
    const { schemaProblems, violations } = await checkRenderedTerraform({
      files: budget,
    });
    expect(
      schemaProblems.filter(problem => /budget/.test(problem.address ?? '')),
    ).toEqual([]);
    expect(
      violations.filter(violation => /BUDGET/.test(violation.ruleId)),
    ).toEqual([]);
    if (!spec.spec.budget) return;
    const tampered = Object.fromEntries(
      Object.entries(budget).map(([path, text]) => [
        path,
        text
          .replace('user:skyforge-component$', 'user:team$')
          .replace('"skyforge-component" = ', '"team" = ')
          .replaceAll('name   = "skyforge-component"', 'name   = "team"'),
      ]),
    );
    const broken = await checkRenderedTerraform({ files: tampered });
    expect(
      [
        ...new Set(
          broken.violations
            .filter(violation => /BUDGET/.test(violation.ruleId))
            .map(violation => violation.ruleId),
        ),
      ].sort(),
    ).toEqual(
      clouds
        .map(cloud => `SKYFORGE_${cloud.toUpperCase()}_BUDGET_ATTRIBUTION`)
        .sort(),
    );
  }, 60_000);
});
