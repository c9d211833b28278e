import { CI_VARIABLES } from '../naming';
import type { Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import { stackClouds } from '../spec/deploymentTargets';

/** One GitHub Actions variable the workflows read, and the bootstrap output that fills it. */
export interface CiVariable {
  cloud: Cloud;
  /** Variable name, from `CI_VARIABLES` in src/naming.ts. */
  name: string;
  /** The bootstrap output: the lowercase variable name. */
  output: string;
  /**
   * `environment`: the output is a map with one value per environment, set on each GitHub
   * environment; `repository`: one value for every job.
   */
  scope: 'environment' | 'repository';
  /**
   * For per-environment identities: the bootstrap output of the read-only plan identity, set on
   * the repository, where the plan workflow (which runs in no GitHub environment) reads it.
   */
  planOutput?: string;
}

/**
 * The variables set on each GitHub environment, and the plan output of those that also have a
 * repository-level value for pull-request plans. GCP plans read GCP_PLAN_IDENTITIES instead: its
 * plan identities live in each environment's project.
 */
const PER_ENVIRONMENT_VARIABLES: Readonly<
  Record<string, { planOutput?: string }>
> = {
  AWS_ROLE_ARN: { planOutput: 'aws_plan_role_arn' },
  GCP_WORKLOAD_IDENTITY_PROVIDER: {},
  GCP_SERVICE_ACCOUNT: {},
  AZURE_CLIENT_ID: { planOutput: 'azure_plan_client_id' },
};

/** The variables of every cloud of the stack, in `CI_VARIABLES` order. */
export function ciVariables(spec: StackSpec): CiVariable[] {
  return stackClouds(spec).flatMap(cloud =>
    CI_VARIABLES[cloud].map((name): CiVariable => {
      const output = name.toLowerCase();
      const perEnvironment = PER_ENVIRONMENT_VARIABLES[name];
      return perEnvironment
        ? { cloud, name, output, scope: 'environment', ...perEnvironment }
        : { cloud, name, output, scope: 'repository' };
    }),
  );
}

/** Shell commands (GitHub CLI + jq) that copy one cloud's bootstrap outputs into GitHub variables. */
export function ciVariableCommands(options: {
  spec: StackSpec;
  cloud: Cloud;
}): string[] {
  const { spec, cloud } = options;
  const root = `infra/bootstrap/${cloud}`;
  const environments = spec.spec.environments.join(' ');
  return ciVariables(spec)
    .filter(variable => variable.cloud === cloud)
    .flatMap(variable =>
      variable.scope === 'repository'
        ? [
            `gh variable set ${variable.name} --body "$(terraform -chdir=${root} output -raw ${variable.output})"`,
          ]
        : [
            ...(variable.planOutput
              ? [
                  `gh variable set ${variable.name} --body "$(terraform -chdir=${root} output -raw ${variable.planOutput})"`,
                ]
              : []),
            `for env in ${environments}; do gh variable set ${variable.name} --env "$env" --body "$(terraform -chdir=${root} output -json ${variable.output} | jq -r --arg env "$env" '.[$env]')"; done`,
          ],
    );
}

/** A Markdown table of the variables: name, source output, where to set it. */
export function ciVariablesTable(spec: StackSpec): string {
  const rows = ciVariables(spec).map(variable => {
    const perEnvironment = `each GitHub environment (\`${variable.output}["<environment>"]\`)`;
    const withPlan = variable.planOutput
      ? `${perEnvironment}, and the repository (output \`${variable.planOutput}\`: the read-only plan identity)`
      : perEnvironment;
    const where = variable.scope === 'repository' ? 'repository' : withPlan;
    return `| \`${variable.name}\` | \`infra/bootstrap/${variable.cloud}\` output \`${variable.output}\` | ${where} |`;
  });
  return ['| Variable | Value | Set on |', '| --- | --- | --- |', ...rows].join(
    '\n',
  );
}
