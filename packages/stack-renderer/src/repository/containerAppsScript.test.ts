import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLACEHOLDER_IMAGE } from '../terraform/common/firstRevisionImage';
import { curlDouble } from '../testing/curlDouble';
import {
  CONTAINER_APPS_SCRIPT_PATH,
  containerAppsScript,
} from './containerAppsScript';

const REPOSITORY = 'devlabdevacr1a2b.azurecr.io/dev-lab';

/** What the stand-in az answers: revisions newest first, and the health of each. */
interface AzAnswers {
  /** `revision list` lines: "<name>\t<active>\t<traffic weight>\t<image>", newest first. */
  revisions: string[];
  /** healthState per revision name; missing means Healthy. */
  health?: Record<string, string>;
  /** What curl answers through the app's own name (its exit status; 0 when missing). */
  platformExit?: number;
}

/** The app's name on the environment's default domain (Terraform output container_app_fqdn). */
const FQDN = 'dev-lab-dev.kindsea-1a2b3c4d.westeurope.azurecontainerapps.io';

const REVISIONS = [
  `dev-lab-dev--new\tTrue\t0\t${REPOSITORY}@sha256:c`,
  `dev-lab-dev--serving\tTrue\t100\t${REPOSITORY}@sha256:b`,
  `dev-lab-dev--old\tFalse\t0\t${REPOSITORY}@sha256:a`,
  `dev-lab-dev--older\tFalse\t0\t${PLACEHOLDER_IMAGE}`,
];

/**
 * Runs the rendered script with stand-ins for terraform (the root's outputs) and az (which records
 * its arguments and answers `containerapp update`, `revision show` and `revision list` as the
 * Container Apps API would).
 */
function run(
  args: string[],
  answers: AzAnswers = { revisions: REVISIONS },
): { status: number; stderr: string; stdout: string; calls: string[] } {
  const root = mkdtempSync(join(tmpdir(), 'skyforge-container-apps-'));
  try {
    const bin = join(root, 'bin');
    mkdirSync(bin);
    mkdirSync(join(root, 'infra/envs/dev/azure'), { recursive: true });
    mkdirSync(join(root, 'scripts'));
    writeFileSync(
      join(root, CONTAINER_APPS_SCRIPT_PATH),
      containerAppsScript(),
    );
    writeFileSync(
      join(root, 'revisions.tsv'),
      `${answers.revisions.join('\n')}\n`,
    );
    const stub = (name: string, body: string) => {
      writeFileSync(join(bin, name), `#!/usr/bin/env bash\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    };
    stub(
      'terraform',
      [
        'case "${@: -1}" in',
        '  container_app_name) printf dev-lab-dev ;;',
        '  resource_group_name) printf dev-lab-dev-rg ;;',
        `  image_repository) printf ${REPOSITORY} ;;`,
        `  container_app_fqdn) printf ${FQDN} ;;`,
        'esac',
      ].join('\n'),
    );
    const health = Object.entries(answers.health ?? {})
      .map(
        ([revision, state]) =>
          `    *"--revision ${revision} "*) echo ${state} ;;`,
      )
      .join('\n');
    stub(
      'az',
      [
        `echo "$*" >> "${root}/calls"`,
        'case "$*" in',
        '  "containerapp update"*) echo dev-lab-dev--new ;;',
        `  "containerapp revision list"*) cat "${root}/revisions.tsv" ;;`,
        '  "containerapp revision show"*)',
        '    case "$* " in',
        health,
        '    *) echo Healthy ;;',
        '    esac ;;',
        'esac',
      ].join('\n'),
    );
    writeFileSync(join(bin, 'curl'), curlDouble(join(root, 'calls'), FQDN));
    chmodSync(join(bin, 'curl'), 0o755);
    const result = spawnSync('bash', [CONTAINER_APPS_SCRIPT_PATH, ...args], {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        SERVERLESS_WAIT_SECONDS: '0',
        SERVERLESS_WAIT_ATTEMPTS: '3',
        SMOKE_RETRIES: '0',
        CURL_PLATFORM_EXIT: String(answers.platformExit ?? 0),
      },
    });
    let calls: string[] = [];
    try {
      calls = readFileSync(join(root, 'calls'), 'utf8').trim().split('\n');
    } catch {
      calls = [];
    }
    return {
      status: result.status ?? -1,
      stderr: result.stderr,
      stdout: result.stdout,
      calls,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const APP = '--name dev-lab-dev --resource-group dev-lab-dev-rg';
const ROOT = 'infra/envs/dev/azure';
const LIST = `containerapp revision list ${APP} --all --query reverse(sort_by([], &properties.createdTime))[].[name, properties.active, properties.trafficWeight, properties.template.containers[0].image] --output tsv`;
const show = (revision: string) =>
  `containerapp revision show ${APP} --revision ${revision} --query properties.healthState --output tsv`;

describe('scripts/serverless-azure.sh (bash with stand-in az and terraform)', () => {
  it('deploys an image of the environment registry, waits until it is Healthy, gives it all traffic and deactivates the older revisions', () => {
    const result = run(['deploy', ROOT, `${REPOSITORY}@sha256:abc`]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([
      `containerapp update ${APP} --image ${REPOSITORY}@sha256:abc --query properties.latestRevisionName --output tsv`,
      show('dev-lab-dev--new'),
      `containerapp ingress traffic set ${APP} --revision-weight latest=100 --output none`,
      LIST,
      `containerapp revision deactivate ${APP} --revision dev-lab-dev--serving --output none`,
    ]);
  });

  it('fails a deploy whose revision is Unhealthy and leaves the traffic where it is', () => {
    const result = run(['deploy', ROOT, `${REPOSITORY}:0.3.1`], {
      revisions: REVISIONS,
      health: { 'dev-lab-dev--new': 'Unhealthy' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('dev-lab-dev--new is Unhealthy');
    expect(result.calls.some(call => call.includes('traffic set'))).toBe(false);
  });

  it('refuses an image outside the registry, or no image, before calling Container Apps', () => {
    const outside = run(['deploy', ROOT, 'ghcr.io/acme/lab-api:0.3.1']);
    expect(outside.status).toBe(1);
    expect(outside.stderr).toContain(`The image must be in ${REPOSITORY}`);
    expect(outside.calls).toEqual([]);
    const none = run(['deploy', ROOT]);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('No image to deploy');
    expect(none.calls).toEqual([]);
  });

  it('rolls back to the revision created before the serving one: reactivates it, waits, moves the traffic', () => {
    const result = run(['rollback', ROOT]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([
      LIST,
      `containerapp revision activate ${APP} --revision dev-lab-dev--old --output none`,
      show('dev-lab-dev--old'),
      `containerapp ingress traffic set ${APP} --revision-weight dev-lab-dev--old=100 --output none`,
    ]);
  });

  it('rolls back to a named revision', () => {
    const result = run(['rollback', ROOT, 'dev-lab-dev--older']);
    expect(result.status).toBe(0);
    expect(result.calls.at(-1)).toBe(
      `containerapp ingress traffic set ${APP} --revision-weight dev-lab-dev--older=100 --output none`,
    );
  });

  it('leaves the traffic alone and says so when nothing was deployed before the serving revision', () => {
    const result = run(['rollback', ROOT], {
      revisions: [`dev-lab-dev--only\tTrue\t100\t${REPOSITORY}@sha256:a`],
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'Nothing to roll back to: no release before the serving revision (the first deploy of this environment)',
    );
    expect(result.calls).toEqual([LIST]);
  });

  it("never rolls back to the first revision's placeholder, which terraform apply started before the first deploy", () => {
    const result = run(['rollback', ROOT], {
      revisions: [
        `dev-lab-dev--first-deploy\tTrue\t100\t${REPOSITORY}@sha256:a`,
        `dev-lab-dev--created\tFalse\t0\t${PLACEHOLDER_IMAGE}`,
      ],
    });
    // The first deploy's release failed its smoke check: nothing to return to, no rollback.
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Nothing to roll back to');
    expect(result.calls).toEqual([LIST]);
  });

  describe('smoke (with a stand-in curl: the custom host is not bound yet)', () => {
    const URL = 'https://lab.example.com/healthz';
    const smokeCalls = (calls: string[]) =>
      calls.filter(call => call.startsWith('curl '));

    it("requests the health path at the app's own name, then only warns that the custom host does not answer yet", () => {
      const result = run(['smoke', ROOT, URL]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(smokeCalls(result.calls)).toEqual([
        `curl --fail --silent --show-error --max-time 10 --retry 0 --retry-delay 10 --retry-all-errors --output /dev/null https://${FQDN}/healthz`,
        `curl --fail --silent --show-error --max-time 10 --output /dev/null ${URL}`,
      ]);
      expect(result.stdout).toContain(
        `https://${FQDN}/healthz answers: the release is healthy.`,
      );
      expect(result.stdout).toContain(
        `::warning::${URL} does not answer yet: bind lab.example.com with its managed certificate`,
      );
    });

    it("fails when the app's own name does not answer: the release is not healthy", () => {
      const result = run(['smoke', ROOT, URL], {
        revisions: REVISIONS,
        platformExit: 22,
      });
      expect(result.status).toBe(22);
      expect(smokeCalls(result.calls)).toHaveLength(1);
    });
  });
});
