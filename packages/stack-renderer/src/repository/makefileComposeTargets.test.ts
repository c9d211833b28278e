import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderStack } from '../renderStack';
import { exampleSpecs } from '../testing/exampleSpecs';

/** A rendered repository's Makefile and deploy/compose in a temporary directory, docker stubbed. */
function withRepository(
  spec: keyof typeof exampleSpecs,
  test: (
    run: (...args: string[]) => {
      status: number | null;
      calls: string[];
      stderr: string;
    },
    read: (path: string) => string,
    directory: string,
  ) => void,
) {
  const directory = mkdtempSync(join(tmpdir(), 'skyforge-compose-make-'));
  try {
    const { files } = renderStack(exampleSpecs[spec]);
    mkdirSync(join(directory, 'deploy/compose'), { recursive: true });
    mkdirSync(join(directory, 'bin'));
    for (const path of Object.keys(files).filter(
      file => file === 'Makefile' || file.startsWith('deploy/compose/'),
    )) {
      writeFileSync(join(directory, path), files[path]!);
    }
    const log = join(directory, 'calls.log');
    writeFileSync(
      join(directory, 'bin/docker'),
      `#!/usr/bin/env bash\necho "docker $*" >> "${log}"\n`,
    );
    chmodSync(join(directory, 'bin/docker'), 0o755);
    const read = (path: string) => readFileSync(join(directory, path), 'utf8');
    const run = (...args: string[]) => {
      const result = spawnSync('make', ['--no-print-directory', ...args], {
        cwd: directory,
        env: { PATH: `${join(directory, 'bin')}:${process.env.PATH}` },
        encoding: 'utf8',
      });
      let calls: string[] = [];
      try {
        calls = read('calls.log').trim().split('\n');
      } catch {
        calls = [];
      }
      return { status: result.status, calls, stderr: result.stderr };
    };
    test(run, read, directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

describe('the Makefile targets of the local stack', () => {
  it('compose-env writes .env with random secrets once, readable by its owner only, and keeps it', () => {
    withRepository('aws-small', (run, read, directory) => {
      expect(run('compose-env').status).toBe(0);
      const env = read('deploy/compose/.env');
      const secrets = env.match(
        /^(POSTGRES_PASSWORD|S3_SECRET_ACCESS_KEY)=(.*)$/gm,
      )!;
      expect(secrets).toHaveLength(2);
      for (const line of secrets) expect(line).toMatch(/=[A-Za-z0-9+/]{43}=$/);
      expect(secrets[0]!.split('=')[1]).not.toBe(secrets[1]!.split('=')[1]);
      expect(env).toContain('\nS3_ACCESS_KEY_ID=local-app\n');
      expect(env).toContain('\nCOMPOSE_PROJECT_NAME=payments-api\n');
      expect(
        statSync(join(directory, 'deploy/compose/.env')).mode & 0o777,
      ).toBe(0o600);
      expect(run('compose-env').status).toBe(0);
      expect(read('deploy/compose/.env')).toBe(env);
    });
  });

  it('compose-up, compose-logs and compose-down run docker compose on the rendered files', () => {
    withRepository('aws-gpu-large', (run, read) => {
      expect(run('compose-up', 'GPU=1').status).toBe(0);
      expect(read('deploy/compose/.env')).not.toMatch(/^[A-Z0-9_]+=$/m);
      run('compose-logs', 'SERVICE=app');
      const { calls } = run('compose-down', 'VOLUMES=1');
      const compose =
        'docker compose --project-name inference --file deploy/compose/docker-compose.yml';
      const env = '--env-file deploy/compose/.env';
      expect(calls).toEqual([
        `${compose} --file deploy/compose/docker-compose.gpu.yml ${env} up --detach`,
        `${compose} --file deploy/compose/docker-compose.gpu.yml ${env} ps`,
        `${compose} ${env} logs --follow --tail=100 app`,
        `${compose} ${env} down --volumes`,
      ]);
    });
  });
});
