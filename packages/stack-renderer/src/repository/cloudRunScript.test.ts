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
import { CLOUD_RUN_SCRIPT_PATH, cloudRunScript } from './cloudRunScript';

/** The global address of the load balancer (Terraform output ingress_ip_address). */
const ADDRESS = '34.120.0.7';

const REPOSITORY =
  'europe-west4-docker.pkg.dev/acme-dev-lab/dev-lab-dev/dev-lab';

/**
 * Runs the rendered script with stand-ins for terraform (the root's outputs) and gcloud (which
 * records its arguments and answers `services describe` and `revisions list` as Cloud Run would).
 */
const REVISIONS = [
  `dev-lab-dev-00004-new\t${REPOSITORY}@sha256:c`,
  `dev-lab-dev-00003-abc\t${REPOSITORY}@sha256:b`,
  `dev-lab-dev-00002-old\t${REPOSITORY}@sha256:a`,
  `dev-lab-dev-00001-tf\t${PLACEHOLDER_IMAGE}`,
];

function run(
  args: string[],
  revisions: string[] = REVISIONS,
  env: Record<string, string> = {},
): {
  status: number;
  stderr: string;
  stdout: string;
  calls: string[];
} {
  const root = mkdtempSync(join(tmpdir(), 'skyforge-cloud-run-'));
  try {
    const bin = join(root, 'bin');
    mkdirSync(bin);
    mkdirSync(join(root, 'infra/envs/dev/gcp'), { recursive: true });
    mkdirSync(join(root, 'scripts'));
    writeFileSync(join(root, CLOUD_RUN_SCRIPT_PATH), cloudRunScript());
    writeFileSync(join(root, 'revisions.tsv'), `${revisions.join('\n')}\n`);
    const stub = (name: string, body: string) => {
      writeFileSync(join(bin, name), `#!/usr/bin/env bash\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    };
    stub(
      'terraform',
      [
        'case "${@: -1}" in',
        '  service_name) printf dev-lab-dev ;;',
        '  project_id) printf acme-dev-lab ;;',
        '  region) printf europe-west4 ;;',
        `  image_repository) printf ${REPOSITORY} ;;`,
        `  ingress_ip_address) printf ${ADDRESS} ;;`,
        'esac',
      ].join('\n'),
    );
    stub(
      'gcloud',
      [
        `echo "$*" >> "${root}/calls"`,
        'case "$*" in',
        '  "run services describe"*) echo dev-lab-dev-00003-abc ;;',
        `  "run revisions list"*) cat "${root}/revisions.tsv" ;;`,
        'esac',
      ].join('\n'),
    );
    writeFileSync(
      join(bin, 'curl'),
      curlDouble(join(root, 'calls'), '--connect-to'),
    );
    chmodSync(join(bin, 'curl'), 0o755);
    const result = spawnSync('bash', [CLOUD_RUN_SCRIPT_PATH, ...args], {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        SMOKE_RETRIES: '0',
        ...env,
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

const WHERE = '--project acme-dev-lab --region europe-west4';
const URL = 'https://lab.example.com/healthz';

const ROOT = 'infra/envs/dev/gcp';

describe('scripts/serverless-gcp.sh (bash with stand-in gcloud and terraform)', () => {
  it('deploys an image of the environment registry, then sends it all traffic', () => {
    const result = run(['deploy', ROOT, `${REPOSITORY}:0.3.1`]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([
      `run deploy dev-lab-dev ${WHERE} --image ${REPOSITORY}:0.3.1 --quiet`,
      `run services update-traffic dev-lab-dev ${WHERE} --to-latest --quiet`,
    ]);
  });

  it('refuses an image outside the registry before calling Cloud Run', () => {
    const result = run(['deploy', ROOT, 'ghcr.io/acme/lab-api:0.3.1']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`The image must be in ${REPOSITORY}`);
    expect(result.calls).toEqual([]);
  });

  it('rolls back to the revision created before the serving one', () => {
    const result = run(['rollback', ROOT]);
    expect(result.status).toBe(0);
    expect(result.calls.at(-1)).toBe(
      `run services update-traffic dev-lab-dev ${WHERE} --to-revisions dev-lab-dev-00002-old=100 --quiet`,
    );
  });

  it("never rolls back to the first revision's placeholder, which terraform apply started before the first deploy", () => {
    const result = run(
      ['rollback', ROOT],
      [
        `dev-lab-dev-00003-abc\t${REPOSITORY}@sha256:a`,
        `dev-lab-dev-00001-tf\t${PLACEHOLDER_IMAGE}`,
      ],
    );
    // The first deploy's release failed its smoke check: nothing to return to, no rollback.
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'Nothing to roll back to: no release of dev-lab-dev before the serving revision (the first deploy of this environment)',
    );
    expect(result.calls.some(call => call.includes('update-traffic'))).toBe(
      false,
    );
  });

  it('rolls back to a named revision', () => {
    const result = run(['rollback', ROOT, 'dev-lab-dev-00001-first']);
    expect(result.calls).toEqual([
      `run services update-traffic dev-lab-dev ${WHERE} --to-revisions dev-lab-dev-00001-first=100 --quiet`,
    ]);
  });

  it('refuses a deploy without an image before calling Cloud Run', () => {
    const result = run(['deploy', ROOT]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('No image to deploy');
    expect(result.calls).toEqual([]);
  });

  describe('smoke (with a stand-in curl: the host has no DNS record yet)', () => {
    const smokeCalls = (calls: string[]) =>
      calls.filter(call => call.startsWith('curl '));

    it('asks the load balancer by its address for the host, then only warns that the host does not answer yet', () => {
      const result = run(['smoke', ROOT, URL]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(smokeCalls(result.calls)).toEqual([
        `curl --fail --silent --show-error --max-time 10 --retry 0 --retry-delay 10 --retry-all-errors --output /dev/null --connect-to lab.example.com:443:${ADDRESS}:443 ${URL}`,
        `curl --fail --silent --show-error --max-time 10 --output /dev/null ${URL}`,
      ]);
      expect(result.stdout).toContain(
        `${URL} answers through the load balancer at ${ADDRESS}: the release is healthy.`,
      );
      expect(result.stdout).toContain(
        `::warning::${URL} does not answer yet: point the DNS record of lab.example.com at ${ADDRESS}.`,
      );
    });

    it('warns instead of failing while the Google-managed certificate is not provisioned (TLS handshake fails)', () => {
      const result = run(['smoke', ROOT, URL], REVISIONS, {
        CURL_PLATFORM_EXIT: '35',
      });
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(
        `::warning::The load balancer at ${ADDRESS} serves no valid certificate for lab.example.com yet`,
      );
      expect(smokeCalls(result.calls)).toHaveLength(1);
    });

    it('fails when the load balancer answers with an error: the release is not healthy', () => {
      const result = run(['smoke', ROOT, URL], REVISIONS, {
        CURL_PLATFORM_EXIT: '22',
      });
      expect(result.status).toBe(22);
      expect(result.stdout).not.toContain('the release is healthy');
    });
  });
});
