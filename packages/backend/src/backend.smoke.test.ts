import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Boots the real backend (src/index.ts, every plugin it wires) as a child process on a free
 * loopback port with a temporary SQLite directory, signs in as the guest user and reads the
 * catalog over HTTP, as the frontend does.
 */

const backendDir = resolve(__dirname, '..');
const repoRoot = resolve(backendDir, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        resolvePort(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}

async function waitFor<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs: number,
  output: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const result = await attempt().catch(() => undefined);
    if (result !== undefined) return result;
    await new Promise(next => setTimeout(next, 500));
  }
  throw new Error(
    `Timed out waiting for ${what}. Backend output:\n${output().slice(-4000)}`,
  );
}

describe('backend smoke test (real backend, temporary SQLite)', () => {
  let child: ChildProcess | undefined;
  let workDir: string;
  let output = '';
  let baseUrl: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'skyforge-smoke-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const configFile = join(workDir, 'app-config.smoke.yaml');
    writeFileSync(
      configFile,
      [
        'backend:',
        `  baseUrl: ${baseUrl}`,
        `  listen: { port: ${port}, host: 127.0.0.1 }`,
        '  database:',
        '    client: better-sqlite3',
        '    connection:',
        `      directory: ${JSON.stringify(join(workDir, 'sqlite'))}`,
        '',
      ].join('\n'),
    );
    child = spawn(
      process.execPath,
      [
        '--no-node-snapshot',
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        'src/index.ts',
        '--config',
        join(repoRoot, 'app-config.yaml'),
        '--config',
        configFile,
      ],
      {
        cwd: backendDir,
        // Guest sign-in is a development-only provider.
        env: { ...process.env, NODE_ENV: 'development', NODE_OPTIONS: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.on('data', chunk => (output += chunk));
    child.stderr?.on('data', chunk => (output += chunk));
    await waitFor(
      'backend readiness',
      async () =>
        (
          await fetch(`${baseUrl}/.backstage/health/v1/readiness`)
        ).ok
          ? true
          : undefined,
      90_000,
      () => output,
    );
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise(done => child!.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(workDir, { recursive: true, force: true });
  });

  it('serves the example catalog to a guest user and stores it in SQLite', async () => {
    const session = await fetch(
      `${baseUrl}/api/auth/guest/refresh?env=development`,
      {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      },
    );
    expect(session.status).toBe(200);
    const { backstageIdentity } = await session.json();
    expect(backstageIdentity.identity.userEntityRef).toBe('user:default/guest');

    const expected = [
      'component:default/payments-api',
      'component:default/payments-web',
      'system:default/payments',
      'resource:default/payments-db-prod',
      'group:default/platform',
      'user:default/grace',
    ];
    const names = await waitFor(
      'the example entities in the catalog',
      async () => {
        const response = await fetch(
          `${baseUrl}/api/catalog/entities/by-query?limit=200&fields=kind,metadata.name,metadata.namespace`,
          { headers: { Authorization: `Bearer ${backstageIdentity.token}` } },
        );
        if (!response.ok) return undefined;
        const body = await response.json();
        const refs: string[] = body.items.map(
          (item: {
            kind: string;
            metadata: { name: string; namespace?: string };
          }) =>
            `${item.kind.toLowerCase()}:${
              item.metadata.namespace ?? 'default'
            }/${item.metadata.name}`,
        );
        return expected.every(ref => refs.includes(ref)) ? refs : undefined;
      },
      60_000,
      () => output,
    );
    expect(names).toEqual(expect.arrayContaining(expected));

    // Now that the User entity is in the catalog, sign-in resolves the guest's team membership.
    const second = await fetch(
      `${baseUrl}/api/auth/guest/refresh?env=development`,
      {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      },
    );
    const { backstageIdentity: resolved } = await second.json();
    expect(resolved.identity.ownershipEntityRefs).toContain(
      'group:default/payments',
    );

    const unauthenticated = await fetch(
      `${baseUrl}/api/catalog/entities/by-query?limit=1`,
    );
    expect(unauthenticated.status).toBe(401);

    const sqliteDir = join(workDir, 'sqlite');
    expect(existsSync(sqliteDir)).toBe(true);
    expect(readdirSync(sqliteDir)).toEqual(
      expect.arrayContaining(['catalog.sqlite']),
    );
  }, 90_000);
});
