import { localServices, localStackCloud } from '../compose/localServices';
import { composeAppEnvironment } from '../compose/renderCompose';
import { SKYFORGE_APP_VARIABLES } from '../services/appVariableNames';
import { CLOUD_NAMES } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import { kubernetesTargets } from '../spec/deploymentTargets';
import {
  cloudRuntimePhrase,
  serverlessDocs,
  serverlessTargets,
} from './serverlessDocs';

/** "PostgreSQL, Redis and object storage": what the local stack runs besides the application. */
export function localStackSummary(spec: StackSpec): string {
  const labels = localServices(spec).map(service => service.label);
  if (labels.length === 0) return 'none: the stack has no data services';
  if (labels.length === 1) return labels[0]!;
  return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

const SECRET_STORES = {
  aws: 'AWS Secrets Manager',
  gcp: 'Secret Manager',
  azure: 'Key Vault',
} as const;

/** `docs/local-stack.md`: the Compose stack and the layered application configuration. */
export function renderDocsLocalStack(spec: StackSpec): string {
  const cloud = localStackCloud(spec);
  const services = localServices(spec);
  const environment = composeAppEnvironment(spec);
  const contract = Object.keys(environment).filter(name =>
    (SKYFORGE_APP_VARIABLES as readonly string[]).includes(name),
  );
  const local = services.flatMap(service =>
    Object.keys(service.localVariables),
  );
  const kubernetes = kubernetesTargets(spec).length > 0;
  const serverless = serverlessTargets(spec);
  const serverlessClouds = [...new Set(serverless.map(target => target.cloud))];
  const committed = [
    'skyforge.yaml',
    ...(kubernetes ? ['config.env'] : []),
    ...(serverless.length > 0 ? ['terraform.tfvars'] : []),
    'docker-compose.yml',
  ].join(', ');
  const readers = [
    ...(kubernetes ? ['the ConfigMap'] : []),
    ...(serverless.length > 0
      ? [
          `the service's configuration (${serverlessClouds
            .map(serverlessCloud => serverlessDocs(serverlessCloud).revision)
            .join(', ')})`,
        ]
      : []),
  ].join(' or ');
  const lines = [
    '# Local stack',
    '',
    `\`deploy/compose/\` runs ${spec.metadata.name} on one machine with Docker Compose: the application image and local stand-ins for the services it uses in the cloud. It stands in for ${CLOUD_NAMES[cloud]}, the first cloud of the stack: the object storage emulator and the variable names are that cloud's.`,
    '',
    '| Service | Runs locally as |',
    '| --- | --- |',
    ...services.map(service => `| ${service.label} | ${service.description} |`),
    '',
    'Every service has a healthcheck, and the application starts only once each is healthy (or, for the one-shot container that creates the bucket, has finished). Ports are published on 127.0.0.1 only.',
    '',
    '## Start and stop',
    '',
    '```sh',
    'make compose-up                # writes deploy/compose/.env with random secrets if missing, starts the stack',
    'make compose-logs SERVICE=app  # follow the logs (all services without SERVICE)',
    'make compose-down              # stop; VOLUMES=1 also deletes the data',
    ...(spec.spec.app.gpu
      ? [
          'make compose-up GPU=1          # give the application an NVIDIA GPU (docker-compose.gpu.yml; NVIDIA Container Toolkit)',
        ]
      : []),
    '```',
    '',
    'Set `APP_IMAGE` in `deploy/compose/.env` to run an image you built locally.',
    '',
    '## One configuration for every target',
    '',
    "The application's own settings live once, in `skyforge.yaml`, in two layers: `spec.app` (the port, `env` and `resources` every environment shares) and `spec.overrides.<environment>.app` (the `env` values and `resources` one environment changes). Re-render after editing; every target follows:",
    '',
    '| Target | Where the settings land |',
    '| --- | --- |',
    ...(kubernetes
      ? [
          "| Kubernetes | `deploy/base/config.env` (the ConfigMap: `PORT` and `spec.app.env`), each overlay's `configMapGenerator` (its `ENVIRONMENT`, `CLOUD` and override `env`) and `deployment-patch.yaml` (the container size) |",
        ]
      : []),
    '| Local stack | `environment` and `deploy.resources` of the `app` service in `deploy/compose/docker-compose.yml`: the common layer, with `ENVIRONMENT=local` |',
    serverless.length > 0
      ? `| Serverless containers | \`app_port\`, \`app_env\`, \`app_cpu\` and \`app_memory\` in \`infra/envs/<environment>/<cloud>/terraform.tfvars\`, which Terraform sets as ${serverlessClouds
          .map(serverlessCloud => serverlessDocs(serverlessCloud).settings)
          .join(', ')} (the container size as its CPU and memory) |`
      : '| Serverless containers | `app_port`, `app_env`, `app_cpu` and `app_memory` in `terraform.tfvars`, once the stack runs on serverless containers |',
    '',
    `The application receives the same variable names in Compose as ${cloudRuntimePhrase(
      spec,
    )}: ${contract
      .map(name => `\`${name}\``)
      .join(', ')}. Locally it also gets ${
      local.length > 0
        ? local.map(name => `\`${name}\``).join(', ')
        : 'nothing else'
    }: credentials and endpoints that workload identity and the managed services' TLS replace in the cloud, so code that reads them should do so only when \`ENVIRONMENT\` is \`local\`.`,
    '',
    '## Secrets',
    '',
    `Plain settings are committed (${committed}) and readable by anyone who can read ${readers}, so Skyforge refuses \`env\` names that look like secrets (\`PASSWORD\`, \`SECRET\`, \`TOKEN\`, \`API_KEY\`, \`PRIVATE_KEY\`, \`ACCESS_KEY\`, \`CREDENTIAL\`, \`CONNECTION_STRING\`) and values that are one (private keys, AWS access key IDs, URLs with a password). Keep secrets in ${
      SECRET_STORES[cloud]
    } and read them at start-up with the application's ${
      kubernetes ? 'workload identity' : 'identity'
    }; pass the secret's name, not its value, as a setting.`,
    '',
    'The local stack has its own throw-away credentials: `make compose-env` writes `deploy/compose/.env` from `.env.example` with a random value for every empty entry. Git ignores `.env`; Compose refuses to start while one is missing.',
    '',
  ];
  return lines.join('\n');
}
