import type { StackSpec } from '../spec/stackSpec';
import { deploymentTargets } from '../spec/deploymentTargets';
import { actionRef } from './githubActions';
import {
  checkoutStep,
  cloudLoginSteps,
  matrixInclude,
  setupTerraformStep,
  terraformJobEnvironment,
  workflowFile,
} from './workflowSteps';

/** Writes a plan's result and full text to the step summary, and its row of the summary table. */
export const PLAN_SUMMARY_SCRIPT = `plan_text="$(terraform -chdir="infra/envs/$ENVIRONMENT/$CLOUD" show -no-color "$ENVIRONMENT-$CLOUD.tfplan")"
result="$(grep -E '^(Plan:|No changes\\.)' <<< "$plan_text" | head -n 1 || true)"
{
  echo "### Terraform plan: $ENVIRONMENT / $CLOUD"
  echo
  echo "\${result:-See the job log.}"
  echo
  echo '<details><summary>Full plan</summary>'
  echo
  echo '\`\`\`'
  head -c 60000 <<< "$plan_text"
  echo '\`\`\`'
  echo '</details>'
} >> "$GITHUB_STEP_SUMMARY"
mkdir -p plan-summary
echo "| $ENVIRONMENT | $CLOUD | \${result:-See the job log.} |" > "plan-summary/$ENVIRONMENT-$CLOUD.md"
`;

const COMMENT_SCRIPT = `{
  echo '### Terraform plans'
  echo
  echo '| Environment | Cloud | Result |'
  echo '| --- | --- | --- |'
  cat plan-summary/*.md 2> /dev/null || true
  echo
  echo "A missing row means that plan failed. Full plans: $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID"
} > comment.md
# One comment per pull request, updated on every push.
gh pr comment "$PR_NUMBER" --repo "$GITHUB_REPOSITORY" --body-file comment.md --edit-last 2> /dev/null \\
  || gh pr comment "$PR_NUMBER" --repo "$GITHUB_REPOSITORY" --body-file comment.md
`;

/** Forks get no OIDC token and no write access, so their pull requests skip the plan. */
const SAME_REPOSITORY =
  'github.event.pull_request.head.repo.full_name == github.repository';

/**
 * `.github/workflows/plan.yaml`: on every pull request, a `terraform plan` per environment × cloud
 * with the read-only plan identity (repository-level variables, no GitHub environment), a step
 * summary per plan and one pull-request comment listing the results.
 */
export function renderPlanWorkflow(spec: StackSpec): string {
  const workflow = {
    name: 'plan',
    on: { pull_request: { branches: ['main'] } },
    concurrency: {
      group: 'plan-${{ github.event.pull_request.number }}',
      'cancel-in-progress': true,
    },
    permissions: { contents: 'read' },
    defaults: { run: { shell: 'bash' } },
    jobs: {
      plan: {
        name: 'plan (${{ matrix.environment }}, ${{ matrix.cloud }})',
        if: SAME_REPOSITORY,
        'runs-on': 'ubuntu-latest',
        // id-token: write lets the job request the GitHub OIDC token the clouds trust.
        permissions: { contents: 'read', 'id-token': 'write' },
        strategy: {
          'fail-fast': false,
          matrix: { include: matrixInclude(deploymentTargets(spec)) },
        },
        env: terraformJobEnvironment(spec),
        steps: [
          checkoutStep,
          setupTerraformStep,
          ...cloudLoginSteps({ spec, sessionName: 'plan', plan: true }),
          {
            name: 'terraform init',
            run: 'make tf-init ENV="$ENVIRONMENT" CLOUD="$CLOUD"',
          },
          {
            name: 'terraform plan',
            // The plan identity is read-only: it cannot take the state lock, and a plan never writes state.
            run: 'make tf-plan ENV="$ENVIRONMENT" CLOUD="$CLOUD" TF_PLAN_ARGS="-lock=false -no-color"',
          },
          { name: 'Summarise the plan', run: PLAN_SUMMARY_SCRIPT },
          {
            uses: actionRef('uploadArtifact'),
            with: {
              name: 'plan-summary-${{ matrix.environment }}-${{ matrix.cloud }}',
              path: 'plan-summary/',
              'retention-days': 1,
            },
          },
        ],
      },
      comment: {
        name: 'comment on the pull request',
        needs: 'plan',
        if: `always() && ${SAME_REPOSITORY}`,
        'runs-on': 'ubuntu-latest',
        permissions: { contents: 'read', 'pull-requests': 'write' },
        steps: [
          {
            uses: actionRef('downloadArtifact'),
            with: {
              pattern: 'plan-summary-*',
              'merge-multiple': true,
              path: 'plan-summary',
            },
          },
          {
            name: 'Post the plan results',
            env: {
              GH_TOKEN: '${{ github.token }}',
              PR_NUMBER: '${{ github.event.pull_request.number }}',
            },
            run: COMMENT_SCRIPT,
          },
        ],
      },
    },
  };
  return workflowFile({
    header: [
      'Plans every environment and cloud on pull requests with the read-only plan identity',
      '(repository-level variables) and reports the results on the pull request.',
    ],
    workflow,
  });
}
