import { APP_USER_ID } from '../kustomize/kustomizeNames';
import { yamlDocument } from '../kustomize/yamlDocument';
import { commonAppSettings } from '../spec/appSettings';
import { cpuMillis } from '../spec/appSettingsSchema';
import type { StackSpec } from '../spec/stackSpec';
import { runsKubernetes } from '../spec/computeTarget';
import { deploymentTargets } from '../spec/deploymentTargets';
import type { FileTree } from '../types';
import { localServices, localStackCloud } from './localServices';

/** Where the local stack lives in the rendered repository. */
export const COMPOSE_DIRECTORY = 'deploy/compose';
export const COMPOSE_FILE = `${COMPOSE_DIRECTORY}/docker-compose.yml`;
export const COMPOSE_GPU_FILE = `${COMPOSE_DIRECTORY}/docker-compose.gpu.yml`;
export const COMPOSE_ENV_EXAMPLE = `${COMPOSE_DIRECTORY}/.env.example`;
/** Written by `make compose-env`, ignored by Git. */
export const COMPOSE_ENV_FILE = `${COMPOSE_DIRECTORY}/.env`;

/** Compose interpolates `$`; a literal one in a setting is written `$$`. */
function literal(value: string): string {
  return value.replace(/\$/g, '$$$$');
}

/** "250m" → "0.25": Compose counts CPUs, Kubernetes millicores. */
function composeCpus(value: string): string {
  return String(cpuMillis(value) / 1000);
}

/** "256Mi" → "256M", "1Gi" → "1G": Compose's byte units are binary too. */
function composeMemory(value: string): string {
  return value.replace(/i$/, '');
}

/**
 * The environment of the application container: what Kubernetes gives it (same names: the
 * ConfigMap of the base and overlay, and the service endpoints), then the local credentials the
 * cloud replaces with workload identity.
 */
export function composeAppEnvironment(spec: StackSpec): Record<string, string> {
  const cloud = localStackCloud(spec);
  const settings = commonAppSettings(spec);
  const services = localServices(spec);
  const userEnv = Object.fromEntries(
    Object.entries(settings.env).map(([name, value]) => [name, literal(value)]),
  );
  return {
    PORT: String(settings.port),
    ENVIRONMENT: 'local',
    CLOUD: cloud,
    CLOUD_REGION: spec.spec.regions[cloud]!,
    ...(cloud === 'gcp' ? { GOOGLE_CLOUD_PROJECT: 'local' } : {}),
    ...Object.assign({}, ...services.map(service => service.appVariables)),
    ...userEnv,
    ...Object.assign({}, ...services.map(service => service.localVariables)),
  };
}

function appService(spec: StackSpec): Record<string, unknown> {
  const settings = commonAppSettings(spec);
  const services = localServices(spec);
  const dependsOn = Object.fromEntries(
    services.flatMap(service =>
      Object.entries(service.dependsOn).map(([name, condition]) => [
        name,
        { condition },
      ]),
    ),
  );
  const { requests, limits } = settings.resources;
  return {
    image: `\${APP_IMAGE:-${spec.spec.app.image}}`,
    environment: composeAppEnvironment(spec),
    ports: [`127.0.0.1:\${APP_PORT:-${settings.port}}:${settings.port}`],
    ...(Object.keys(dependsOn).length > 0 ? { depends_on: dependsOn } : {}),
    // The same hardening as the pod: non-root, read-only root filesystem, no capabilities.
    user: `${APP_USER_ID}:${APP_USER_ID}`,
    read_only: true,
    tmpfs: ['/tmp'],
    cap_drop: ['ALL'],
    security_opt: ['no-new-privileges:true'],
    deploy: {
      resources: {
        limits: {
          cpus: composeCpus(limits.cpu),
          memory: composeMemory(limits.memory),
        },
        reservations: {
          cpus: composeCpus(requests.cpu),
          memory: composeMemory(requests.memory),
        },
      },
    },
  };
}

function composeFile(spec: StackSpec): string {
  const cloud = localStackCloud(spec);
  const services = localServices(spec);
  const volumes = services.flatMap(service => service.volumes);
  const value = {
    services: {
      app: appService(spec),
      ...Object.assign({}, ...services.map(service => service.services)),
    },
    ...(volumes.length > 0
      ? { volumes: Object.fromEntries(volumes.map(volume => [volume, {}])) }
      : {}),
  };
  return yamlDocument({
    comment: [
      `The local stack of ${spec.metadata.name}: the application and local stand-ins for its services,`,
      `rendered by Skyforge from skyforge.yaml (re-render rather than edit). Start it with make compose-up.`,
      `- The application gets the variables it gets in Kubernetes (spec.app.env, the port and the`,
      `  service endpoints, same names) plus local credentials; ENVIRONMENT is "local".`,
      `- It stands in for ${cloud.toUpperCase()} (the first cloud of the stack): the object storage emulator and`,
      `  the variable names are that cloud's.`,
      '- Every service has a healthcheck and the application starts once they are healthy.',
      '- Ports are published on 127.0.0.1 only. Credentials come from deploy/compose/.env',
      '  (make compose-env writes it with random values; Git ignores it), which also names the project.',
    ],
    value,
    yamlVersion: '1.1',
  });
}

/** Where the application has its GPU in the cloud, for the override's comment. */
function cloudGpu(spec: StackSpec): string {
  const targets = deploymentTargets(spec);
  if (targets.every(runsKubernetes))
    return 'as each replica has one in Kubernetes';
  if (!targets.some(runsKubernetes))
    return 'as each serverless instance has one in the cloud';
  return 'as each replica or serverless instance has one in the cloud';
}

/**
 * The GPU override: whatever the compute target, the local stack gets the GPU the application has
 * in the cloud (a GPU node pool on Kubernetes, an NVIDIA L4 per Cloud Run instance).
 */
function gpuFile(spec: StackSpec): string {
  return yamlDocument({
    comment: [
      `Gives the application one NVIDIA GPU, ${cloudGpu(spec)} (spec.app.gpu).`,
      'Needs the NVIDIA Container Toolkit on this machine. make compose-up GPU=1 adds this file.',
    ],
    value: {
      services: {
        app: {
          deploy: {
            resources: {
              reservations: {
                devices: [
                  { driver: 'nvidia', count: 1, capabilities: ['gpu'] },
                ],
              },
            },
          },
        },
      },
    },
    yamlVersion: '1.1',
  });
}

function envExample(spec: StackSpec): string {
  const lines = [
    '# Settings and credentials of the local stack. `make compose-env` copies this file to .env',
    '# (ignored by Git) and fills every empty value with a random secret. Never commit .env.',
    '',
    '# The Compose project: the prefix of container and volume names.',
    `COMPOSE_PROJECT_NAME=${spec.metadata.name}`,
    '# The application image; set it to one you built locally to run that instead.',
    `APP_IMAGE=${spec.spec.app.image}`,
    '# Port of the application on 127.0.0.1.',
    `APP_PORT=${spec.spec.app.port}`,
  ];
  for (const service of localServices(spec)) {
    for (const variable of service.env) {
      lines.push(
        `# ${variable.comment}`,
        `${variable.name}=${variable.example}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `deploy/compose/`: the Compose file, the GPU override where the application runs on GPUs, `.env.example`. */
export function renderCompose(spec: StackSpec): FileTree {
  return {
    [COMPOSE_FILE]: composeFile(spec),
    ...(spec.spec.app.gpu ? { [COMPOSE_GPU_FILE]: gpuFile(spec) } : {}),
    [COMPOSE_ENV_EXAMPLE]: envExample(spec),
  };
}
