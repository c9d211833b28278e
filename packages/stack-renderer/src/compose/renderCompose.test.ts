import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { renderStack } from '../renderStack';
import { parseStackSpec, type StackSpecInput } from '../spec/stackSpec';
import { exampleSpecs } from '../testing/exampleSpecs';
import { SKYFORGE_APP_VARIABLES } from '../services/appVariableNames';
import {
  COMPOSE_ENV_EXAMPLE,
  COMPOSE_FILE,
  COMPOSE_GPU_FILE,
  composeAppEnvironment,
} from './renderCompose';

const SCHEMA_PATH = join(
  dirname(require.resolve('@skyforge/stack-checks/package.json')),
  'data/compose-spec/compose-spec.json',
);

// The Compose Specification's own JSON Schema (vendored, see its README): the document Compose
// validates a file against. It names draft-07 by an https URI Ajv does not know, so the
// `$schema` key is dropped; Ajv's default dialect is draft-07.
const { $schema: _dialect, ...composeSchema } = JSON.parse(
  readFileSync(SCHEMA_PATH, 'utf8'),
);
const validateCompose = new Ajv({ strict: false, allErrors: true }).compile(
  composeSchema,
);

type ComposeService = {
  image: string;
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
};
type ComposeFile = { services: Record<string, ComposeService> };

function composeOf(spec: StackSpecInput): {
  files: Record<string, string>;
  compose: ComposeFile;
} {
  const { files } = renderStack(spec);
  return { files, compose: parse(files[COMPOSE_FILE]!) as ComposeFile };
}

/** The Compose CLI of this machine, if any: the plugin (`docker compose`) or the standalone binary. */
function composeCli(): string[] | undefined {
  for (const command of [['docker', 'compose'], ['docker-compose']]) {
    const probe = spawnSync(command[0]!, [...command.slice(1), 'version'], {
      encoding: 'utf8',
    });
    if (probe.status === 0) return command;
  }
  return undefined;
}

describe('renderCompose', () => {
  it.each(Object.keys(exampleSpecs))(
    'renders a Compose file of %s that the Compose Specification schema accepts',
    name => {
      const { files } = renderStack(exampleSpecs[name]);
      for (const path of [COMPOSE_FILE, COMPOSE_GPU_FILE]) {
        if (files[path] === undefined) continue;
        const valid = validateCompose(parse(files[path]!));
        expect({ path, errors: validateCompose.errors ?? [] }).toEqual({
          path,
          errors: [],
        });
        expect(valid).toBe(true);
      }
    },
  );

  it('the schema check fails on a broken file (it can fail)', () => {
    expect(
      validateCompose({
        services: {
          app: {
            image: 'x:1',
            depends_on: { db: { condition: 'when_ready' } },
          },
        },
      }),
    ).toBe(false);
  });

  it.each(Object.keys(exampleSpecs))(
    '%s: every service has a healthcheck and the app waits for each to be healthy or done',
    name => {
      const { compose } = composeOf(exampleSpecs[name]);
      const { app, ...others } = compose.services;
      const entries = Object.entries(others);
      const oneShots = entries.filter(([service]) => service.endsWith('-init'));
      const servers = entries.filter(([service]) => !service.endsWith('-init'));
      // A one-shot waits for its own service to be healthy; the app waits for it to finish.
      expect(
        oneShots.map(([service, definition]) => [
          Object.values(definition.depends_on ?? {}),
          app!.depends_on?.[service],
        ]),
      ).toEqual(
        oneShots.map(() => [
          [{ condition: 'service_healthy' }],
          { condition: 'service_completed_successfully' },
        ]),
      );
      // Every server has a healthcheck, and the app waits for it (or for its one-shot).
      expect(
        servers.map(([service, definition]) => ({
          service,
          healthcheck: (definition.healthcheck?.test.length ?? 0) > 1,
          waited:
            app!.depends_on?.[service]?.condition ??
            app!.depends_on?.[`${service}-init`]?.condition,
        })),
      ).toEqual(
        servers.map(([service]) => ({
          service,
          healthcheck: true,
          waited: expect.stringMatching(
            /^service_(healthy|completed_successfully)$/,
          ),
        })),
      );
      const images = Object.values(compose.services).map(
        service => service.image,
      );
      expect(images.filter(image => !/:[\w.-]+\}?$/.test(image))).toEqual([]);
      expect(images.filter(image => /:latest\}?$/.test(image))).toEqual([]);
      const ports = Object.values(compose.services).flatMap(
        service => service.ports ?? [],
      );
      expect(ports.filter(port => !port.startsWith('127.0.0.1:'))).toEqual([]);
    },
  );

  it('stands in for the services the stack turns on, with images of the managed versions', () => {
    const { compose } = composeOf(exampleSpecs['aws-small']!);
    expect(Object.keys(compose.services)).toEqual([
      'app',
      'postgres',
      'redis',
      'object-storage',
      'object-storage-init',
    ]);
    expect(compose.services.postgres!.image).toMatch(/^postgres:16\./);
    expect(compose.services.redis!.image).toMatch(/^redis:7\.2\./);
    expect(compose.services['object-storage']!.image).toMatch(/seaweedfs/);

    const kafka = parseStackSpec(exampleSpecs['aws-small']);
    kafka.spec.services.kafka = true;
    kafka.spec.services.postgres = false;
    const { compose: withKafka } = composeOf(kafka as StackSpecInput);
    expect(withKafka.services.kafka!.image).toMatch(/^apache\/kafka:3\.8\./);
    expect(withKafka.services.kafka!.environment!.KAFKA_PROCESS_ROLES).toBe(
      'broker,controller',
    );
    expect(withKafka.services.postgres).toBeUndefined();
    expect(withKafka.services.app!.environment!.KAFKA_BOOTSTRAP_SERVERS).toBe(
      'kafka:9092',
    );
  });

  it('picks the object storage emulator of the first cloud, with that cloud’s variable names', () => {
    const gcp = composeOf(exampleSpecs['gcp-medium']!).compose.services;
    expect(gcp['object-storage']!.image).toMatch(/fake-gcs-server/);
    expect(gcp.app!.environment).toMatchObject({
      CLOUD: 'gcp',
      BUCKET_NAME: 'search-local',
      STORAGE_EMULATOR_HOST: 'http://object-storage:4443',
    });
    const azure = composeOf(exampleSpecs['azure-small']!).compose.services;
    expect(azure['object-storage']!.image).toMatch(/azurite/);
    expect(azure.app!.environment).toMatchObject({
      CLOUD: 'azure',
      STORAGE_ACCOUNT: 'local',
      STORAGE_CONTAINER: 'ledger-local',
    });
  });

  it('gives the app the names it has in Kubernetes, the spec settings and ENVIRONMENT=local', () => {
    const spec = parseStackSpec(exampleSpecs['aws-small']);
    const environment = composeAppEnvironment(spec);
    expect(environment).toMatchObject({
      PORT: '8080',
      ENVIRONMENT: 'local',
      CLOUD: 'aws',
      CLOUD_REGION: 'us-east-1',
      DATABASE_HOST: 'postgres',
      DATABASE_NAME: 'payments_api',
      DATABASE_USER: 'payments_api',
      REDIS_ENDPOINT: 'redis:6379',
      BUCKET_NAME: 'payments-api-local',
      // The common layer: prod's LOG_LEVEL override is not the local value.
      LOG_LEVEL: 'info',
    });
    const contract = Object.keys(environment).filter(name =>
      (SKYFORGE_APP_VARIABLES as readonly string[]).includes(name),
    );
    expect(contract).toEqual([
      'PORT',
      'ENVIRONMENT',
      'CLOUD',
      'CLOUD_REGION',
      'DATABASE_HOST',
      'DATABASE_NAME',
      'DATABASE_USER',
      'REDIS_ENDPOINT',
      'BUCKET_NAME',
    ]);
  });

  it('escapes $ in plain settings so Compose does not interpolate them', () => {
    const spec = parseStackSpec(exampleSpecs['aws-small']);
    spec.spec.app.env = { GREETING: 'costs $5' };
    expect(composeAppEnvironment(spec).GREETING).toBe('costs $$5');
  });

  it('commits no secret: .env.example leaves every credential empty and .env is ignored', () => {
    for (const name of Object.keys(exampleSpecs)) {
      const { files } = renderStack(exampleSpecs[name]);
      const example = files[COMPOSE_ENV_EXAMPLE]!;
      const credentials = example
        .split('\n')
        .filter(line => /(PASSWORD|SECRET|ACCOUNT_KEY)=/.test(line));
      expect(credentials.filter(line => !line.endsWith('='))).toEqual([]);
      expect(files['.gitignore']).toContain('\ndeploy/compose/.env\n');
      // Credentials reach the containers only by interpolation from .env.
      expect(files[COMPOSE_FILE]).not.toMatch(/PASSWORD: [^$'"]/);
    }
  });

  it('renders the GPU override only where the app runs on GPUs', () => {
    expect(
      renderStack(exampleSpecs['aws-gpu-large']).files[COMPOSE_GPU_FILE],
    ).toContain('driver: nvidia');
    expect(
      renderStack(exampleSpecs['aws-small']).files[COMPOSE_GPU_FILE],
    ).toBeUndefined();
  });

  it('renders the GPU override for a serverless stack that asks for a GPU (the dev lab)', () => {
    const override = renderStack(exampleSpecs['dev-lab']).files[
      COMPOSE_GPU_FILE
    ];
    expect(override).toContain('driver: nvidia');
    expect(override).toContain(
      'as each serverless instance has one in the cloud',
    );
  });

  const cli = composeCli();
  it('finds a Compose CLI (make test installs docker-compose)', () => {
    expect(cli).toBeDefined();
  });

  /** Runs `config --quiet` on files of a rendered stack written to a temporary directory, with an .env. */
  function composeConfig(options: {
    files: Record<string, string>;
    env: (example: string) => string;
  }) {
    const directory = mkdtempSync(join(tmpdir(), 'skyforge-compose-'));
    try {
      const composeFiles = [COMPOSE_FILE, COMPOSE_GPU_FILE].filter(
        path => options.files[path] !== undefined,
      );
      for (const path of composeFiles) {
        writeFileSync(join(directory, basename(path)), options.files[path]!);
      }
      writeFileSync(
        join(directory, '.env'),
        options.env(options.files[COMPOSE_ENV_EXAMPLE]!),
      );
      return spawnSync(
        cli![0]!,
        [
          ...cli!.slice(1),
          ...composeFiles.flatMap(path => [
            '--file',
            join(directory, basename(path)),
          ]),
          '--env-file',
          join(directory, '.env'),
          'config',
          '--quiet',
        ],
        { encoding: 'utf8' },
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }

  it.each(Object.keys(exampleSpecs))(
    '%s passes `docker compose config` with the secrets make compose-env generates',
    name => {
      const result = composeConfig({
        files: renderStack(exampleSpecs[name]).files,
        env: example =>
          example.replace(/^([A-Z0-9_]+)=$/gm, '$1=bG9jYWwtdGVzdC1zZWNyZXQ='),
      });
      expect({ stderr: result.stderr, status: result.status }).toEqual({
        stderr: '',
        status: 0,
      });
    },
  );

  it('`docker compose config` refuses a missing secret, naming it and the fix', () => {
    const { files } = renderStack(exampleSpecs['aws-small']);
    expect(files[COMPOSE_ENV_EXAMPLE]!.match(/^[A-Z0-9_]+(?==$)/gm)).toEqual([
      'POSTGRES_PASSWORD',
      'S3_SECRET_ACCESS_KEY',
    ]);
    const result = composeConfig({ files, env: example => example });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(
      /set [A-Z0-9_]+ in deploy\/compose\/\.env \(make compose-env writes it\)/,
    );
  });
});
