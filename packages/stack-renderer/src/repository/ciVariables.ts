import { CI_VARIABLES } from '../naming';
import type { Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import { stackClouds } from './deploymentTargets';

/** One GitHub Actions variable the workflows read, and the bootstrap output that fills it. */
export interface CiVariable {
  cloud: Cloud;
  /** Variable name, from `CI_VARIABLES` in src/naming.ts. */
  name: string;
  /** The bootstrap output: the lowercase variable name. */
  output: string;
  /**
   * `identity`: a map with one CI identity per environment (set on each GitHub environment) plus
   * the read-only plan identity in its own output (set on the repository, where the plan
   * workflow, which runs in no GitHub environment, reads it); `repository`: one value for every job.
   */
  scope: 'identity' | 'repository';
  /** For identities: the bootstrap output of the plan identity, e.g. `gcp_plan_service_account`. */
  planOutput?: string;
}

const IDENTITY_VARIABLES: readonly string[] = [
  'AWS_ROLE_ARN',
  'GCP_SERVICE_ACCOUNT',
  'AZURE_CLIENT_ID',
];

/** The variables of every cloud of the stack, in `CI_VARIABLES` order. */
export function ciVariables(spec: StackSpec): CiVariable[] {
  return stackClouds(spec).flatMap(cloud =>
    CI_VARIABLES[cloud].map((name): CiVariable => {
      const output = name.toLowerCase();
      return IDENTITY_VARIABLES.includes(name)
        ? {
            cloud,
            name,
            output,
            scope: 'identity',
            planOutput: output.replace(`${cloud}_`, `${cloud}_plan_`),
          }
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
            `gh variable set ${variable.name} --body "$(terraform -chdir=${root} output -raw ${variable.planOutput})"`,
            `for env in ${environments}; do gh variable set ${variable.name} --env "$env" --body "$(terraform -chdir=${root} output -json ${variable.output} | jq -r --arg env "$env" '.[$env]')"; done`,
          ],
    );
}

/** A Markdown table of the variables: name, source output, where to set it. */
export function ciVariablesTable(spec: StackSpec): string {
  const rows = ciVariables(spec).map(variable => {
    const where =
      variable.scope === 'repository'
        ? 'repository'
        : `each GitHub environment (\`${variable.output}["<environment>"]\`), and the repository (output \`${variable.planOutput}\`: the read-only plan identity)`;
    return `| \`${variable.name}\` | \`infra/bootstrap/${variable.cloud}\` output \`${variable.output}\` | ${where} |`;
  });
  return ['| Variable | Value | Set on |', '| --- | --- | --- |', ...rows].join(
    '\n',
  );
}
