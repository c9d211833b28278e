import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderStack } from '../renderStack';
import { exampleSpecs } from '../testing/exampleSpecs';
import {
  AWS_GRAFANA_SERVICE_ACCOUNT,
  AWS_GRAFANA_TOKEN_SECONDS,
} from './grafanaDashboardTarget';

const DASHBOARD = JSON.stringify({
  id: 42,
  uid: 'checkout-app',
  title: 'checkout application',
  panels: [{ title: 'Error rate' }],
});
const TOKEN = 'glsa_secret-token-0123456789abcdef';
const WORKSPACE = 'g-0123456789';
const ENDPOINT = `${WORKSPACE}.grafana-workspace.eu-west-1.amazonaws.com`;

/** Terraform outputs of the environment roots; `grafana_workspace_id` is null unless $GRAFANA_ON. */
const TERRAFORM_DOUBLE = `#!/usr/bin/env bash
echo "terraform $*" >> "$STATE/calls.log"
case "$*" in
  *"output -raw grafana_dashboard_json") printf '%s' '${DASHBOARD}' ;;
  *"output -raw grafana_name") echo checkout-dev-grafana ;;
  *"output -raw resource_group_name") echo checkout-dev ;;
  *"output -raw region") echo eu-west-1 ;;
  *"output -raw grafana_endpoint") echo ${ENDPOINT} ;;
  *"output -raw grafana_workspace_id")
    if [ -n "\${GRAFANA_ON:-}" ]; then echo ${WORKSPACE}; else echo 'Error: Unsupported value for raw output' >&2; exit 1; fi ;;
  *) exit 5 ;;
esac
`;

/** The az CLI: records its arguments and the definition it would import. */
const AZ_DOUBLE = `#!/usr/bin/env bash
echo "az $*" >> "$STATE/calls.log"
for arg in "$@"; do case "$arg" in @*) cp "\${arg#@}" "$STATE/imported.json" ;; esac; done
`;

/** The Amazon Managed Grafana API as the AWS CLI speaks it, with --query already applied. */
const AWS_DOUBLE = `#!/usr/bin/env bash
echo "aws $*" >> "$STATE/calls.log"
case "$2" in
  list-workspace-service-accounts) if [ -f "$STATE/account" ]; then cat "$STATE/account"; else echo None; fi ;;
  create-workspace-service-account) echo 7 | tee "$STATE/account" ;;
  create-workspace-service-account-token) echo ${TOKEN} ;;
  *) exit 4 ;;
esac
`;

/** curl: records its arguments, the headers it would send and the body read from stdin. */
const CURL_DOUBLE = `#!/usr/bin/env bash
echo "curl $*" >> "$STATE/calls.log"
previous=
for arg in "$@"; do
  if [ "$previous" = -H ]; then cp "\${arg#@}" "$STATE/headers"; stat -c %a "\${arg#@}" > "$STATE/headers.mode"; fi
  previous="$arg"
done
cat > "$STATE/body.json"
`;

type Make = (
  env: Record<string, string>,
  ...args: string[]
) => { status: number | null; output: string };

/** The rendered Makefile of all-clouds-gpu, run by real make with doubles of the cloud CLIs. */
function withRepository(test: (make: Make, state: string) => void) {
  const directory = mkdtempSync(join(tmpdir(), 'skyforge-grafana-'));
  try {
    const { files } = renderStack(exampleSpecs['all-clouds-gpu']);
    writeFileSync(join(directory, 'Makefile'), files.Makefile!);
    const state = join(directory, 'state');
    mkdirSync(state);
    mkdirSync(join(directory, 'bin'));
    for (const [name, body] of [
      ['terraform', TERRAFORM_DOUBLE],
      ['az', AZ_DOUBLE],
      ['aws', AWS_DOUBLE],
      ['curl', CURL_DOUBLE],
    ]) {
      writeFileSync(join(directory, 'bin', name), body);
      chmodSync(join(directory, 'bin', name), 0o755);
    }
    const make: Make = (env, ...args) => {
      const result = spawnSync('make', ['--no-print-directory', ...args], {
        cwd: directory,
        env: {
          ...process.env,
          ...env,
          PATH: `${join(directory, 'bin')}:${process.env.PATH}`,
          STATE: state,
        },
        encoding: 'utf8',
      });
      return {
        status: result.status,
        output: `${result.stdout}${result.stderr}`,
      };
    };
    test(make, state);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

const read = (state: string, file: string) =>
  readFileSync(join(state, file), 'utf8');

describe('make grafana-dashboard (cloud CLI doubles)', () => {
  it('imports the Terraform output into Azure Managed Grafana with az, replacing the last version', () => {
    withRepository((make, state) => {
      const result = make({}, 'grafana-dashboard', 'ENV=dev', 'CLOUD=azure');
      expect(result.output).toContain(
        'Imported the dashboard into Grafana checkout-dev-grafana.',
      );
      expect(result.status).toBe(0);
      const calls = read(state, 'calls.log').split('\n');
      expect(calls).toContain(
        'az extension add --name amg --upgrade --only-show-errors',
      );
      expect(calls).toContain(
        'az grafana dashboard import --name checkout-dev-grafana --resource-group checkout-dev --definition @.build/dev-azure/dashboard.json --overwrite true --output none',
      );
      expect(read(state, 'imported.json')).toBe(DASHBOARD);
    });
  });

  it('on AWS creates the service account once, a 60-second token, and POSTs the dashboard without printing the token', () => {
    withRepository((make, state) => {
      // The second run finds the service account the first one created.
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const result = make(
          { GRAFANA_ON: '1' },
          'grafana-dashboard',
          'ENV=dev',
          'CLOUD=aws',
        );
        expect(result.status).toBe(0);
        expect(result.output).toContain(
          `Imported the dashboard into Amazon Managed Grafana ${ENDPOINT}.`,
        );
        expect(result.output).not.toContain(TOKEN);
        expect(JSON.parse(read(state, 'body.json'))).toEqual({
          dashboard: { ...JSON.parse(DASHBOARD), id: null },
          overwrite: true,
          message: 'make grafana-dashboard',
        });
        expect(read(state, 'headers')).toBe(
          `Authorization: Bearer ${TOKEN}\nContent-Type: application/json\n`,
        );
        expect(read(state, 'headers.mode')).toBe('600\n');
        // The header file is gone once the target ends.
        expect(
          existsSync(join(state, '..', '.build/dev-aws/grafana-headers')),
        ).toBe(false);
      }
      const calls = read(state, 'calls.log');
      // The token reaches curl only through the header file, never an argument.
      expect(calls).not.toContain(TOKEN);
      expect(
        calls.match(/aws grafana create-workspace-service-account /g),
      ).toHaveLength(1);
      expect(calls).toContain(
        `aws grafana create-workspace-service-account --region eu-west-1 --workspace-id ${WORKSPACE} --name ${AWS_GRAFANA_SERVICE_ACCOUNT} --grafana-role EDITOR --query id --output text`,
      );
      expect(
        calls.match(
          new RegExp(
            `aws grafana create-workspace-service-account-token --region eu-west-1 --workspace-id ${WORKSPACE} --service-account-id 7 --name dashboard-\\d+ --seconds-to-live ${AWS_GRAFANA_TOKEN_SECONDS} `,
            'g',
          ),
        ),
      ).toHaveLength(2);
      expect(calls).toContain(
        `curl --fail -sS -X POST -H @.build/dev-aws/grafana-headers --data-binary @- -o /dev/null https://${ENDPOINT}/api/dashboards/db`,
      );
      expect(calls).not.toMatch(/^az /m);
    });
  });

  it('skips AWS with a clear message while grafana_enabled is off', () => {
    withRepository((make, state) => {
      const result = make({}, 'grafana-dashboard', 'ENV=dev', 'CLOUD=aws');
      expect(result.status).toBe(0);
      expect(result.output).toContain(
        'Skipped: Amazon Managed Grafana is off (grafana_enabled in infra/envs/dev/aws/terraform.tfvars)',
      );
      const calls = read(state, 'calls.log');
      expect(calls).toBe(
        'terraform -chdir=infra/envs/dev/aws output -raw grafana_workspace_id\n',
      );
    });
  });

  it('has nothing to do on GCP, where Terraform manages the dashboard', () => {
    withRepository((make, state) => {
      const result = make({}, 'grafana-dashboard', 'ENV=dev', 'CLOUD=gcp');
      expect(result.status).toBe(0);
      expect(result.output).toContain(
        'Nothing to do on gcp: Terraform manages the Cloud Monitoring dashboard on GCP.',
      );
      expect(existsSync(join(state, 'calls.log'))).toBe(false);
    });
  });
});
