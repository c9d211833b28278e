import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A running backend child process with its URL and a way to stop it. */
export interface RunningBackend {
  baseUrl: string;
  workDir: string;
  output(): string;
  stop(): Promise<void>;
}

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

/** Polls `attempt` until it returns a value, or fails with the backend's output. */
export async function waitFor<T>(options: {
  what: string;
  attempt: () => Promise<T | undefined>;
  timeoutMs: number;
  backend?: RunningBackend;
}): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    const result = await options.attempt().catch(() => undefined);
    if (result !== undefined) return result;
    await new Promise(next => setTimeout(next, 500));
  }
  throw new Error(
    `Timed out waiting for ${options.what}.${
      options.backend
        ? ` Backend output:\n${options.backend.output().slice(-4000)}`
        : ''
    }`,
  );
}

/**
 * Boots the real backend (src/index.ts with every plugin it wires) as a child process on a free
 * loopback port with a temporary SQLite directory and the repository's app-config.yaml. The
 * app-backend serves the built frontend (packages/app/dist) on the same port when it exists.
 */
export async function startBackend(options: {
  /** packages/backend: tests pass it, as `__dirname` is not where this file is once built. */
  backendDir: string;
  extraConfig?: string[];
  /** Added to the backend's environment, e.g. the AWS credentials an auth provider uses. */
  env?: Record<string, string>;
}): Promise<RunningBackend> {
  const { backendDir } = options;
  const repoRoot = resolve(backendDir, '../..');
  const workDir = mkdtempSync(join(tmpdir(), 'skyforge-backend-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const configFile = join(workDir, 'app-config.test.yaml');
  writeFileSync(
    configFile,
    [
      'app:',
      `  baseUrl: ${baseUrl}`,
      'backend:',
      `  baseUrl: ${baseUrl}`,
      `  listen: { port: ${port}, host: 127.0.0.1 }`,
      `  cors: { origin: ${baseUrl} }`,
      '  database:',
      '    client: better-sqlite3',
      '    connection:',
      `      directory: ${JSON.stringify(join(workDir, 'sqlite'))}`,
      ...(options.extraConfig ?? []),
      '',
    ].join('\n'),
  );
  let output = '';
  const child: ChildProcess = spawn(
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
      env: {
        ...process.env,
        ...options.env,
        NODE_ENV: 'development',
        NODE_OPTIONS: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', chunk => (output += chunk));
  child.stderr?.on('data', chunk => (output += chunk));
  const backend: RunningBackend = {
    baseUrl,
    workDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise(done => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(workDir, { recursive: true, force: true });
    },
  };
  try {
    await waitFor({
      what: 'backend readiness',
      attempt: async () =>
        (
          await fetch(`${baseUrl}/.backstage/health/v1/readiness`)
        ).ok
          ? true
          : undefined,
      timeoutMs: 90_000,
      backend,
    });
  } catch (error) {
    await backend.stop();
    throw error;
  }
  return backend;
}

/** Signs in with the guest provider and returns the Backstage identity. */
export async function guestIdentity(baseUrl: string): Promise<{
  token: string;
  identity: { userEntityRef: string; ownershipEntityRefs: string[] };
}> {
  const response = await fetch(
    `${baseUrl}/api/auth/guest/refresh?env=development`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  if (!response.ok) throw new Error(`Guest sign-in failed: ${response.status}`);
  return (await response.json()).backstageIdentity;
}
