import type { StackSpec } from '../spec/stackSpec';
import { platformDirectories } from '../kustomize/platformDirectories';
import { CLI_PACKAGE } from './cliPackage';
import {
  deploymentTargets,
  kubernetesTargets,
  stackClouds,
} from '../spec/deploymentTargets';
import { actionRef } from './githubActions';
import {
  checkoutStep,
  setupKubectlStep,
  setupTerraformStep,
  workflowFile,
} from './workflowSteps';

/**
 * `.github/workflows/validate.yaml`: formatting, `terraform validate` and `terraform test` (mock
 * providers) of every root, a Kustomize build of every overlay and platform directory, and
 * `skyforge check` (provider schemas, security rules, manifest checks) of the whole repository.
 * Needs no cloud credentials, so it also runs on pull requests from forks.
 */
export function renderValidateWorkflow(spec: StackSpec): string {
  const targets = deploymentTargets(spec);
  const roots = [
    ...stackClouds(spec).map(cloud => `infra/bootstrap/${cloud}`),
    ...targets.map(
      target => `infra/envs/${target.environment}/${target.cloud}`,
    ),
  ];
  const overlays = kubernetesTargets(spec).map(
    target => `deploy/overlays/${target.environment}-${target.cloud}`,
  );
  const platforms = platformDirectories(spec);
  const workflow = {
    name: 'validate',
    on: { push: { branches: ['main'] }, pull_request: {} },
    permissions: { contents: 'read' },
    defaults: { run: { shell: 'bash' } },
    jobs: {
      fmt: {
        name: 'terraform fmt',
        'runs-on': 'ubuntu-latest',
        steps: [
          checkoutStep,
          setupTerraformStep,
          { run: 'terraform fmt -check -recursive -diff infra' },
        ],
      },
      terraform: {
        name: 'terraform validate and test (${{ matrix.root }})',
        'runs-on': 'ubuntu-latest',
        strategy: { 'fail-fast': false, matrix: { root: roots } },
        env: { ROOT: '${{ matrix.root }}' },
        steps: [
          checkoutStep,
          setupTerraformStep,
          { run: 'terraform -chdir="$ROOT" init -backend=false -input=false' },
          { run: 'terraform -chdir="$ROOT" validate -no-color' },
          {
            name: 'terraform test (mock providers, no cloud access)',
            run: 'if [ -d "$ROOT/tests" ]; then terraform -chdir="$ROOT" test -no-color; fi',
          },
        ],
      },
      // Serverless-only stacks have no manifests to build.
      ...(overlays.length > 0 && {
        kustomize: {
          name: 'kustomize build',
          'runs-on': 'ubuntu-latest',
          steps: [
            checkoutStep,
            setupKubectlStep(spec),
            {
              run: [
                `for overlay in ${[...overlays, ...platforms].join(' ')}; do`,
                '  echo "kubectl kustomize $overlay"',
                '  kubectl kustomize "$overlay" > /dev/null',
                'done',
              ].join('\n'),
            },
          ],
        },
      }),
      check: {
        name: 'skyforge check (provider schemas, security rules, manifests)',
        'runs-on': 'ubuntu-latest',
        steps: [
          checkoutStep,
          setupKubectlStep(spec),
          { uses: actionRef('setupNode'), with: { 'node-version': '22' } },
          {
            // Exits non-zero with one line per finding, naming the file and the rule.
            run: `npx --yes --package ${CLI_PACKAGE} skyforge check .`,
          },
        ],
      },
    },
  };
  return workflowFile({
    header:
      overlays.length > 0
        ? [
            'Checks formatting, validates and tests every Terraform root, builds every Kustomize overlay and',
            'runs the Skyforge policy checks (skyforge check).',
          ]
        : [
            'Checks formatting, validates and tests every Terraform root and runs the Skyforge policy',
            'checks (skyforge check); no environment runs Kubernetes, so there is no overlay to build.',
          ],
    workflow,
  });
}
