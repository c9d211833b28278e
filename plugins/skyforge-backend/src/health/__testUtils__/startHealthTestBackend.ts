import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface HealthTestBackend {
  baseUrl: string;
  /** A static external-access token the backend accepts. */
  token: string;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts `healthTestBackend.ts` in a child Node.js process on a free loopback port with the
 * given app config (merged over a minimal backend config) and catalog entities.
 */
export async function startHealthTestBackend(options: {
  config: Record<string, unknown>;
  entities: unknown[];
  startTimeoutMs?: number;
}): Promise<HealthTestBackend> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const token = 'skyforge-e2e-static-token';
  const config = {
    backend: {
      baseUrl,
      listen: { port, host: '127.0.0.1' },
      database: { client: 'better-sqlite3', connection: ':memory:' },
      auth: {
        externalAccess: [
          { type: 'static', options: { token, subject: 'skyforge-e2e' } },
        ],
      },
    },
    ...options.config,
    skyforge: {
      cost: { runOnStartup: false },
      ...(options.config.skyforge as object | undefined),
    },
  };
  const repoRoot = path.resolve(__dirname, '../../../../..');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(__dirname, 'healthTestBackend.ts'),
    ],
    {
      cwd: path.resolve(__dirname, '../../..'),
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        SKYFORGE_TEST_BACKEND_CONFIG: JSON.stringify(config),
        SKYFORGE_TEST_BACKEND_ENTITIES: JSON.stringify(options.entities),
        NODE_PATH: path.join(repoRoot, 'node_modules'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', chunk => (output += chunk));
  child.stderr!.on('data', chunk => (output += chunk));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `The test backend did not start within ${
              options.startTimeoutMs ?? 60000
            } ms:\n${output}`,
          ),
        ),
      options.startTimeoutMs ?? 60000,
    );
    const onData = () => {
      if (output.includes(`READY ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`The test backend exited with ${code}:\n${output}`));
    });
  });

  return {
    baseUrl,
    token,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(timer);
    },
  };
}
