import {
  loopbackPort,
  requiredEnv,
  localHealthcheck,
  type LocalService,
} from '../services/localService';
import { enabledServices } from '../services/stackServices';
import type { ServiceId } from '../services/types';
import type { Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';

/**
 * Images of the local stack, pinned. The versions follow the managed services the Terraform
 * creates: PostgreSQL 16 (RDS, Cloud SQL, Flexible Server), Redis 7.2 (Memorystore 7.2; ElastiCache
 * 7.1 and Azure Managed Redis speak the same protocol). Services built in the registry's shape
 * carry their own local stand-in (`StackService.local`).
 */
export const LOCAL_IMAGES = {
  postgres: 'postgres:16.10-alpine',
  redis: 'redis:7.2.8-alpine',
  // MinIO's community images are gone from Docker Hub (2026-09) and the project is archived:
  // SeaweedFS serves the S3 API in one process (`weed mini`).
  s3: 'chrislusf/seaweedfs:4.47',
  s3Client: 'amazon/aws-cli:2.22.0',
  gcs: 'fsouza/fake-gcs-server:1.50.2',
  gcsClient: 'curlimages/curl:8.11.0',
  azureBlob: 'mcr.microsoft.com/azure-storage/azurite:3.33.0',
  azureClient: 'mcr.microsoft.com/azure-cli:2.67.0',
} as const;

/** PostgreSQL, database and role named as in the cloud. */
function postgres(spec: StackSpec): LocalService {
  const database = spec.metadata.name.replace(/-/g, '_');
  return {
    description: `PostgreSQL 16 (\`${LOCAL_IMAGES.postgres}\`), database and user \`${database}\` as in the cloud`,
    services: {
      postgres: {
        image: LOCAL_IMAGES.postgres,
        environment: {
          POSTGRES_DB: database,
          POSTGRES_USER: database,
          POSTGRES_PASSWORD: requiredEnv('POSTGRES_PASSWORD'),
        },
        ports: [loopbackPort('POSTGRES_PORT', 5432)],
        volumes: ['postgres-data:/var/lib/postgresql/data'],
        healthcheck: localHealthcheck([
          'CMD-SHELL',
          `pg_isready --username=${database} --dbname=${database}`,
        ]),
      },
    },
    dependsOn: { postgres: 'service_healthy' },
    appVariables: {
      DATABASE_HOST: 'postgres',
      DATABASE_NAME: database,
      DATABASE_USER: database,
    },
    localVariables: {
      // In the cloud the password is a short-lived IAM / Entra token; locally it is this one.
      DATABASE_PASSWORD: '${POSTGRES_PASSWORD}',
      DATABASE_SSLMODE: 'disable',
    },
    env: [
      {
        name: 'POSTGRES_PASSWORD',
        example: '',
        comment:
          'Password of the local PostgreSQL user (the cloud uses IAM / Entra tokens).',
        secret: true,
      },
      {
        name: 'POSTGRES_PORT',
        example: '5432',
        comment: 'Port of PostgreSQL on 127.0.0.1.',
      },
    ],
    volumes: ['postgres-data'],
  };
}

function redis(): LocalService {
  return {
    description: `Redis 7.2 (\`${LOCAL_IMAGES.redis}\`) without TLS or AUTH, reachable only inside the stack and on 127.0.0.1`,
    services: {
      redis: {
        image: LOCAL_IMAGES.redis,
        command: ['redis-server', '--appendonly', 'yes'],
        ports: [loopbackPort('REDIS_PORT', 6379)],
        volumes: ['redis-data:/data'],
        healthcheck: localHealthcheck(['CMD', 'redis-cli', 'ping']),
      },
    },
    dependsOn: { redis: 'service_healthy' },
    appVariables: { REDIS_ENDPOINT: 'redis:6379' },
    localVariables: { REDIS_TLS: 'false' },
    env: [
      {
        name: 'REDIS_PORT',
        example: '6379',
        comment: 'Port of Redis on 127.0.0.1.',
      },
    ],
    volumes: ['redis-data'],
  };
}

/** The bucket (or container) name of the local stack: the stack's name, as the cloud names it per environment. */
function localBucket(spec: StackSpec): string {
  return `${spec.metadata.name}-local`;
}

/** S3 through SeaweedFS; a one-shot AWS CLI container creates the bucket. */
function s3Storage(spec: StackSpec): LocalService {
  const bucket = localBucket(spec);
  const credentials = {
    AWS_ACCESS_KEY_ID: requiredEnv('S3_ACCESS_KEY_ID'),
    AWS_SECRET_ACCESS_KEY: requiredEnv('S3_SECRET_ACCESS_KEY'),
  };
  return {
    description: `the S3 API of SeaweedFS (\`${LOCAL_IMAGES.s3}\`; MinIO's images are withdrawn), bucket \`${bucket}\``,
    services: {
      'object-storage': {
        image: LOCAL_IMAGES.s3,
        command: ['mini', '-dir=/data'],
        environment: credentials,
        ports: [loopbackPort('S3_PORT', 8333)],
        volumes: ['object-storage-data:/data'],
        // Any HTTP answer (403 to an anonymous request included) means the S3 API is up.
        healthcheck: localHealthcheck([
          'CMD',
          'curl',
          '--silent',
          '--output',
          '/dev/null',
          'http://127.0.0.1:8333/',
        ]),
      },
      'object-storage-init': {
        image: LOCAL_IMAGES.s3Client,
        environment: {
          ...credentials,
          AWS_REGION: 'us-east-1',
          AWS_ENDPOINT_URL_S3: 'http://object-storage:8333',
        },
        entrypoint: ['sh', '-c'],
        command: [
          `aws s3api head-bucket --bucket ${bucket} 2> /dev/null || aws s3api create-bucket --bucket ${bucket}`,
        ],
        depends_on: { 'object-storage': { condition: 'service_healthy' } },
      },
    },
    dependsOn: { 'object-storage-init': 'service_completed_successfully' },
    appVariables: { BUCKET_NAME: bucket },
    localVariables: {
      // The AWS SDKs and CLI read these; in the cloud Pod Identity supplies credentials instead.
      AWS_ENDPOINT_URL_S3: 'http://object-storage:8333',
      AWS_ACCESS_KEY_ID: '${S3_ACCESS_KEY_ID}',
      AWS_SECRET_ACCESS_KEY: '${S3_SECRET_ACCESS_KEY}',
      AWS_REGION: 'us-east-1',
    },
    env: [
      {
        name: 'S3_ACCESS_KEY_ID',
        example: 'local-app',
        comment: 'Access key of the local S3 API.',
      },
      {
        name: 'S3_SECRET_ACCESS_KEY',
        example: '',
        comment: 'Secret key of the local S3 API.',
        secret: true,
      },
      {
        name: 'S3_PORT',
        example: '8333',
        comment: 'Port of the S3 API on 127.0.0.1.',
      },
    ],
    volumes: ['object-storage-data'],
  };
}

/** Cloud Storage through fake-gcs-server (the JSON API); a one-shot curl creates the bucket. */
function gcsStorage(spec: StackSpec): LocalService {
  const bucket = localBucket(spec);
  return {
    description: `the Cloud Storage JSON API of fake-gcs-server (\`${LOCAL_IMAGES.gcs}\`), bucket \`${bucket}\``,
    services: {
      'object-storage': {
        image: LOCAL_IMAGES.gcs,
        command: [
          '-scheme',
          'http',
          '-port',
          '4443',
          '-external-url',
          'http://object-storage:4443',
          '-backend',
          'filesystem',
          '-filesystem-root',
          '/storage',
        ],
        ports: [loopbackPort('GCS_PORT', 4443)],
        volumes: ['object-storage-data:/storage'],
        healthcheck: localHealthcheck([
          'CMD',
          'wget',
          '--quiet',
          '--output-document=/dev/null',
          'http://127.0.0.1:4443/_internal/healthcheck',
        ]),
      },
      'object-storage-init': {
        image: LOCAL_IMAGES.gcsClient,
        // 200: created; 409: it exists already.
        entrypoint: ['sh', '-c'],
        command: [
          `code=$$(curl --silent --output /dev/null --write-out '%{http_code}' -X POST -H 'Content-Type: application/json' -d '{"name":"${bucket}"}' 'http://object-storage:4443/storage/v1/b?project=local'); test "$$code" = 200 || test "$$code" = 409`,
        ],
        depends_on: { 'object-storage': { condition: 'service_healthy' } },
      },
    },
    dependsOn: { 'object-storage-init': 'service_completed_successfully' },
    appVariables: { BUCKET_NAME: bucket },
    // The Google Cloud client libraries send Cloud Storage calls here, without credentials.
    localVariables: { STORAGE_EMULATOR_HOST: 'http://object-storage:4443' },
    env: [
      {
        name: 'GCS_PORT',
        example: '4443',
        comment: 'Port of the Cloud Storage emulator on 127.0.0.1.',
      },
    ],
    volumes: ['object-storage-data'],
  };
}

/** Blob Storage through Azurite with its own account (not the well-known development key). */
function azureBlobStorage(spec: StackSpec): LocalService {
  const container = localBucket(spec);
  const account = 'local';
  const connection = `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=\${AZURITE_ACCOUNT_KEY};BlobEndpoint=http://object-storage:10000/${account};`;
  return {
    description: `Blob Storage through Azurite (\`${LOCAL_IMAGES.azureBlob}\`), account \`${account}\`, container \`${container}\``,
    services: {
      'object-storage': {
        image: LOCAL_IMAGES.azureBlob,
        command: [
          'azurite-blob',
          '--blobHost',
          '0.0.0.0',
          '--location',
          '/data',
          '--skipApiVersionCheck',
        ],
        environment: {
          AZURITE_ACCOUNTS: `${account}:${requiredEnv('AZURITE_ACCOUNT_KEY')}`,
        },
        ports: [loopbackPort('AZURITE_PORT', 10000)],
        volumes: ['object-storage-data:/data'],
        healthcheck: localHealthcheck([
          'CMD',
          'nc',
          '-z',
          '127.0.0.1',
          '10000',
        ]),
      },
      'object-storage-init': {
        image: LOCAL_IMAGES.azureClient,
        environment: { AZURE_STORAGE_CONNECTION_STRING: connection },
        command: [
          'az',
          'storage',
          'container',
          'create',
          '--name',
          container,
          '--only-show-errors',
        ],
        depends_on: { 'object-storage': { condition: 'service_healthy' } },
      },
    },
    dependsOn: { 'object-storage-init': 'service_completed_successfully' },
    appVariables: { STORAGE_ACCOUNT: account, STORAGE_CONTAINER: container },
    // In the cloud the workload identity signs in with Entra; locally the account key does.
    localVariables: { AZURE_STORAGE_CONNECTION_STRING: connection },
    env: [
      {
        name: 'AZURITE_ACCOUNT_KEY',
        example: '',
        comment:
          'Base64 key of the local Azurite account (make compose-env generates one).',
        secret: true,
      },
      {
        name: 'AZURITE_PORT',
        example: '10000',
        comment: 'Port of the Blob endpoint on 127.0.0.1.',
      },
    ],
    volumes: ['object-storage-data'],
  };
}

const OBJECT_STORAGE: Record<Cloud, (spec: StackSpec) => LocalService> = {
  aws: s3Storage,
  gcp: gcsStorage,
  azure: azureBlobStorage,
};

/**
 * The cloud the local stack stands in for: the first of the stack (in aws, gcp, azure order).
 * Its object storage emulator and variable names are those of that cloud.
 */
export function localStackCloud(spec: StackSpec): Cloud {
  return spec.spec.clouds[0]!;
}

/** Local stand-ins of the services that predate the registry's shape, by id. */
const OLDER_SERVICES: Partial<
  Record<ServiceId, (spec: StackSpec) => LocalService>
> = {
  postgres,
  redis,
  objectStorage: spec => OBJECT_STORAGE[localStackCloud(spec)](spec),
};

/**
 * Local equivalents of the stack's services, in service order. The registry and monitoring have
 * none: the image is pulled or built locally and `docker compose logs` shows the output.
 */
export function localServices(
  spec: StackSpec,
): Array<LocalService & { label: string }> {
  return enabledServices(spec).flatMap(service => {
    const local = OLDER_SERVICES[service.id]?.(spec) ?? service.local;
    return local ? [{ ...local, label: service.label }] : [];
  });
}
