import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '@cdktn/hcl2json';
import { checkRenderedTerraform } from '@skyforge/stack-checks';
import { writeFileTree } from '../../testing/writeFileTree';
import {
  parseStackSpec,
  type StackSpec,
  type StackSpecInput,
} from '../../spec/stackSpec';
import { exampleSpecs } from '../../testing/exampleSpecs';
import { cloudRunSize } from './cloudRunResources';
import { renderGcpTerraform } from './renderGcpTerraform';
import { cloudRunWarnings } from './cloudRunWarnings';
import { PLACEHOLDER_IMAGE } from '../common/firstRevisionImage';

// Parsed HCL (hcl2json) has no static shape; the assertions below check it.
type Json = { [key: string]: any };

function spec(
  name: string,
  change: (input: StackSpecInput) => StackSpecInput = input => input,
): StackSpec {
  return parseStackSpec(change(structuredClone(exampleSpecs[name])));
}

async function hcl(files: Record<string, string>, path: string): Promise<Json> {
  expect(files[path]).toBeDefined();
  return (await parse(path, files[path])) as Json;
}

const MODULE = 'infra/modules/serverless/gcp';

/** `local.ci_roles` of the bootstrap: environment => project roles of its CI service account. */
async function ciRoles(files: Record<string, string>): Promise<Json> {
  const bootstrap = await hcl(files, 'infra/bootstrap/gcp/main.tf');
  return bootstrap.locals.find((locals: Json) => locals.ci_roles).ci_roles;
}

describe('Cloud Run sizes', () => {
  const size = (cpu: string, memory: string) =>
    cloudRunSize({ requests: { cpu, memory }, limits: { cpu, memory } });

  it('rounds a fractional CPU up to one whole vCPU and small memory up to 512 MiB, saying so', () => {
    const dev = size('500m', '256Mi');
    expect([dev.cpu, dev.memoryMib]).toEqual([1, 512]);
    expect(dev.adjustments).toHaveLength(2);
  });

  it('keeps sizes Cloud Run accepts as they are', () => {
    expect(size('2', '1536Mi')).toEqual({
      cpu: 2,
      memoryMib: 1536,
      adjustments: [],
    });
  });

  it('takes more vCPUs where the memory needs them (at most 4 GiB per vCPU)', () => {
    expect(size('1', '6Gi').cpu).toBe(2);
    expect(size('3', '1Gi').cpu).toBe(4);
  });

  it('refuses a container larger than any Cloud Run instance, naming the field', () => {
    expect(() => size('8', '40Gi')).toThrow(/spec\.app\.resources\.limits/);
  });
});

describe('the GCP serverless target (Cloud Run v2)', () => {
  const lab = spec('dev-lab');
  const files = renderGcpTerraform(lab);

  it('passes terraform fmt, the google provider schema and the rule set', async () => {
    const root = mkdtempSync(join(tmpdir(), 'skyforge-cloud-run-'));
    try {
      writeFileTree({ files, directory: root });
      execFileSync(
        'terraform',
        ['fmt', '-check', '-recursive', '-diff', 'infra'],
        {
          cwd: root,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, CHECKPOINT_DISABLE: '1' },
        },
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    const { schemaProblems, violations } = await checkRenderedTerraform({
      files,
    });
    expect(schemaProblems).toEqual([]);
    expect(violations).toEqual([]);
  });

  it('renders the serverless module instead of the cluster module', () => {
    expect(files[`${MODULE}/main.tf`]).toBeDefined();
    expect(
      Object.keys(files).some(path =>
        path.startsWith('infra/modules/cluster/'),
      ),
    ).toBe(false);
  });

  it('runs as the application service account, which every service module grants to', async () => {
    const main = await hcl(files, 'infra/envs/dev/gcp/main.tf');
    expect(main.module.cluster).toBeUndefined();
    expect(main.module.serverless[0].app_service_account_id).toBe(
      'dev-lab-dev',
    );
    for (const capability of ['database', 'cache', 'storage']) {
      expect(main.module[capability][0].app_service_account_email).toBe(
        '${module.serverless.app_service_account_email}',
      );
    }
    const module = await hcl(files, `${MODULE}/main.tf`);
    const service = module.resource.google_cloud_run_v2_service.this[0];
    expect(service.template[0].service_account).toBe(
      '${google_service_account.app.email}',
    );
  });

  it('sends private ranges through the stack subnet (direct VPC egress), nothing else', async () => {
    const module = await hcl(files, `${MODULE}/main.tf`);
    const access =
      module.resource.google_cloud_run_v2_service.this[0].template[0]
        .vpc_access[0];
    expect(access.egress).toBe('PRIVATE_RANGES_ONLY');
    expect(access.connector).toBeUndefined();
    expect(access.network_interfaces[0].subnetwork).toBe(
      '${var.subnetwork_id}',
    );
    const main = await hcl(files, 'infra/envs/dev/gcp/main.tf');
    expect(main.module.serverless[0].subnetwork_id).toBe(
      '${module.network.subnetwork_id}',
    );
  });

  it('scales between spec.app.hpa.min and max per environment, on a container size Cloud Run accepts', async () => {
    const dev = await hcl(files, 'infra/envs/dev/gcp/terraform.tfvars');
    const staging = await hcl(files, 'infra/envs/staging/gcp/terraform.tfvars');
    expect(dev.app).toMatchObject({
      min_instances: 1,
      max_instances: 5,
      cpu: 4,
      memory: '16384Mi',
      port: 8080,
      health_path: '/healthz',
    });
    expect(staging.app).toMatchObject({ min_instances: 1, max_instances: 10 });
  });

  it('creates the service with an image that exists at the first apply, never one make image-push copies later', async () => {
    // The stack's Artifact Registry is created by the same apply, and the apply workflow copies
    // the image into it only after terraform apply: Cloud Run imports the first revision's image
    // when the service is created, so that image must already exist elsewhere.
    const dev = await hcl(files, 'infra/envs/dev/gcp/terraform.tfvars');
    expect(dev.app.image).toBe(PLACEHOLDER_IMAGE);
    expect(dev.app.image).not.toMatch(
      /^europe-west4-docker\.pkg\.dev\/acme-dev-lab\//,
    );
    const withoutRegistry = renderGcpTerraform(
      spec('dev-lab', input => {
        input.spec.services!.registry = false;
        return input;
      }),
    );
    expect(
      (await hcl(withoutRegistry, 'infra/envs/dev/gcp/terraform.tfvars')).app
        .image,
    ).toBe('ghcr.io/acme/lab-api:0.3.0');
  });

  it('gives every instance an NVIDIA L4 with spec.app.gpu, and nothing without it', async () => {
    const template = (main: Record<string, any>) =>
      main.resource.google_cloud_run_v2_service.this[0].template[0];
    const gpu = template(await hcl(files, `${MODULE}/main.tf`));
    expect(gpu.node_selector).toEqual([{ accelerator: 'nvidia-l4' }]);
    expect(gpu.gpu_zonal_redundancy_disabled).toBe(
      '${!var.gpu_zonal_redundancy}',
    );
    expect(gpu.containers[0].resources[0].limits['nvidia.com/gpu']).toBe('1');
    expect(gpu.containers[0].resources[0].cpu_idle).toBe(false);
    const plain = template(
      await hcl(
        renderGcpTerraform(
          spec('dev-lab', input => {
            input.spec.app!.gpu = false;
            return input;
          }),
        ),
        `${MODULE}/main.tf`,
      ),
    );
    expect(plain.node_selector).toBeUndefined();
    expect(plain.gpu_zonal_redundancy_disabled).toBeUndefined();
    expect(
      plain.containers[0].resources[0].limits['nvidia.com/gpu'],
    ).toBeUndefined();
  });

  it('raises a GPU instance to 4 vCPU and 16 GiB, saying so', () => {
    expect(
      cloudRunSize(
        {
          requests: { cpu: '1', memory: '1Gi' },
          limits: { cpu: '1', memory: '2Gi' },
        },
        { gpu: true },
      ),
    ).toEqual({
      cpu: 4,
      memoryMib: 16384,
      adjustments: [
        'CPU limit 1 raised to 4 vCPU (an instance with a GPU needs at least 4)',
        'memory limit 2Gi raised to 16384Mi (an instance with a GPU needs at least 16 GiB)',
      ],
    });
  });

  it('takes the layered app settings into terraform.tfvars (one edit, every target)', async () => {
    const dev = await hcl(files, 'infra/envs/dev/gcp/terraform.tfvars');
    const staging = await hcl(files, 'infra/envs/staging/gcp/terraform.tfvars');
    expect(dev.app_env).toEqual({
      LOG_LEVEL: 'debug',
      FEATURE_NOTEBOOKS: 'on',
    });
    expect(staging.app_env.LOG_LEVEL).toBe('info');
    const edited = renderGcpTerraform(
      spec('dev-lab', input => {
        input.spec.app!.env = { LOG_LEVEL: 'trace' };
        return input;
      }),
    );
    expect(
      (await hcl(edited, 'infra/envs/dev/gcp/terraform.tfvars')).app_env,
    ).toEqual({ LOG_LEVEL: 'trace' });
  });

  it('hands the Memorystore secrets over as Secret Manager references, never values', async () => {
    const main = files['infra/envs/dev/gcp/main.tf'];
    expect(main).toMatch(/REDIS_AUTH\s+= module\.cache\.auth_secret_id/);
    expect(main).toMatch(/REDIS_CA_CERTS\s+= module\.cache\.ca_secret_id/);
    expect(main).not.toMatch(/auth_string/);
    const module = files[`${MODULE}/main.tf`];
    expect(module).toMatch(/secret_key_ref \{\s+secret\s+= env\.value/);
    // The revision starts only once the service account may read the secret.
    const cache = await hcl(files, 'infra/modules/cache/gcp/outputs.tf');
    expect(cache.output.auth_secret_id[0].depends_on).toEqual([
      '${google_secret_manager_secret_version.auth}',
      '${google_secret_manager_secret_iam_member.auth}',
    ]);
  });

  it('passes the same endpoint variables as the Kubernetes services.env', () => {
    const main = files['infra/envs/dev/gcp/main.tf'];
    for (const [name, value] of [
      ['DATABASE_INSTANCE_CONNECTION_NAME', 'module.database.connection_name'],
      ['REDIS_ENDPOINT', 'module.cache.endpoint'],
      ['BUCKET_NAME', 'module.storage.bucket_name'],
      ['GOOGLE_CLOUD_PROJECT', 'var.project_id'],
    ]) {
      expect(main).toMatch(
        new RegExp(`${name}\\s+= ${value.replace(/\./g, '\\.')}`),
      );
    }
  });

  it('is reachable only through the HTTPS load balancer when the stack has a host', async () => {
    const module = await hcl(files, `${MODULE}/main.tf`);
    const service = module.resource.google_cloud_run_v2_service.this[0];
    expect(service.ingress).toBe('INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER');
    expect(
      module.resource.google_compute_region_network_endpoint_group.app[0]
        .network_endpoint_type,
    ).toBe('SERVERLESS');
    expect(
      module.resource.google_compute_global_forwarding_rule.app[0].port_range,
    ).toBe('443');
    expect(
      module.resource.google_compute_ssl_policy.app[0].min_tls_version,
    ).toBe('TLS_1_2');
  });

  it('stays inside the VPC with the invoker check on when there is no host', async () => {
    const internal = renderGcpTerraform(
      spec('dev-lab', input => {
        input.spec.app!.ingress = {};
        return input;
      }),
    );
    const module = await hcl(internal, `${MODULE}/main.tf`);
    const service = module.resource.google_cloud_run_v2_service.this[0];
    expect(service.ingress).toBe('INGRESS_TRAFFIC_INTERNAL_ONLY');
    expect(service.invoker_iam_disabled).toBeUndefined();
    expect(
      module.resource.google_compute_global_forwarding_rule,
    ).toBeUndefined();
  });

  it('alerts on the Cloud SQL instance as on GKE: CPU, memory, disk and availability, to the same channels', async () => {
    const main = await hcl(files, 'infra/envs/dev/gcp/main.tf');
    expect(main.module.serverless_monitoring[0].database_instance).toBe(
      '${module.database.instance_name}',
    );
    const monitoring = files['infra/modules/serverless-monitoring/gcp/main.tf'];
    for (const metric of [
      'database_cpu_utilization',
      'database_memory_utilization',
      'database_disk_utilization',
      'database_up',
    ]) {
      expect(monitoring).toContain(
        `cloudsql_googleapis_com:${metric}{database_id=\\"\${var.project_id}:\${var.database_instance}\\"}`,
      );
    }
    const policy = (
      await hcl(files, 'infra/modules/serverless-monitoring/gcp/main.tf')
    ).resource.google_monitoring_alert_policy.database[0];
    expect(policy.for_each).toBe('${local.database_alerts}');
    expect(policy.notification_channels).toBe('${local.notification_channels}');
    // The GKE monitoring module renders the same policies.
    const gke = renderGcpTerraform(spec('gcp-medium'));
    expect(gke['infra/modules/monitoring/gcp/main.tf']).toContain(
      monitoring.slice(
        monitoring.indexOf('locals {\n  database_alerts'),
        monitoring.indexOf(
          'resource "google_monitoring_alert_policy" "database"',
        ),
      ),
    );
  });

  it('leaves image and traffic to make deploy / make rollback once created', async () => {
    const module = await hcl(files, `${MODULE}/main.tf`);
    const lifecycle =
      module.resource.google_cloud_run_v2_service.this[0].lifecycle[0];
    expect(lifecycle.ignore_changes).toEqual(
      expect.arrayContaining([
        '${template[0].containers[0].image}',
        '${traffic}',
      ]),
    );
  });

  it('keeps the account, IAM user and grant of the database role job in place across its rename from "grants", and never fails to drop its user', async () => {
    const database = await hcl(files, 'infra/modules/database/gcp/main.tf');
    const moved = (database.moved as Json[]).map(block => [
      block.from,
      block.to,
    ]);
    for (const type of [
      'google_service_account',
      'google_sql_user',
      'google_project_iam_member',
      'google_cloud_run_v2_job',
    ])
      expect(moved).toContainEqual([
        `\${${type}.grants}`,
        `\${${type}.role_job}`,
      ]);
    // A new account ID would replace the IAM database user, which Cloud SQL cannot delete.
    const root = await hcl(files, 'infra/envs/dev/gcp/main.tf');
    expect(root.module.database[0].role_job_service_account_id).toBe(
      'dev-lab-dev-grants',
    );
    expect(database.resource.google_sql_user.role_job[0].deletion_policy).toBe(
      'ABANDON',
    );
    expect(database.resource.google_cloud_run_v2_job.role_job[0].name).toBe(
      '${var.name}-db-role',
    );
  });

  it('has no cluster variables in a serverless root', async () => {
    const variables = await hcl(files, 'infra/envs/dev/gcp/variables.tf');
    for (const name of [
      'kubernetes_version',
      'system_pool',
      'application_pool',
      'gpu_pool',
    ]) {
      expect(variables.variable[name]).toBeUndefined();
    }
    expect(variables.variable.app).toBeDefined();
  });

  it('gives each environment CI Cloud Run rights and no GKE rights', async () => {
    const roles = await ciRoles(files);
    for (const environment of ['dev', 'staging']) {
      expect(roles[environment]).toContain('roles/run.admin');
      expect(roles[environment]).not.toContain('roles/container.admin');
    }
    expect(files['infra/bootstrap/gcp/main.tf']).toContain(
      'run.googleapis.com',
    );
  });

  it('keeps Kubernetes environments on the cluster identity and GKE rights', async () => {
    const mixed = renderGcpTerraform(
      spec('dev-lab', input => {
        input.spec.overrides = {
          ...input.spec.overrides,
          staging: { compute: 'kubernetes' },
        };
        // A GPU on the cluster needs a GPU pool; this test is about identities.
        input.spec.app!.gpu = false;
        return input;
      }),
    );
    const staging = await hcl(mixed, 'infra/envs/staging/gcp/main.tf');
    expect(staging.module.database[0].app_service_account_email).toBe(
      '${module.cluster.app_service_account_email}',
    );
    const roles = await ciRoles(mixed);
    expect(roles.staging).toContain('roles/container.admin');
    expect(roles.dev).toContain('roles/run.admin');
  });

  it("pulls the database role job's psql image through an Artifact Registry remote repository of Docker Hub, never Docker Hub itself", async () => {
    // Cloud Run deploys images from Artifact Registry; Docker Hub directly only anonymously, under
    // its pull rate limit. Even without the stack registry the project gets the API and CI the role.
    const withoutRegistry = renderGcpTerraform(
      spec('dev-lab', input => {
        input.spec.services!.registry = false;
        return input;
      }),
    );
    const database = await hcl(
      withoutRegistry,
      'infra/modules/database/gcp/main.tf',
    );
    const remote =
      database.resource.google_artifact_registry_repository.docker_hub[0];
    expect(remote).toMatchObject({
      count: '${var.role_job ? 1 : 0}',
      format: 'DOCKER',
      mode: 'REMOTE_REPOSITORY',
      remote_repository_config: [
        { docker_repository: [{ public_repository: 'DOCKER_HUB' }] },
      ],
    });
    const job = database.resource.google_cloud_run_v2_job.role_job[0];
    const image = job.template[0].template[0].containers[0].image;
    expect(image).toBe(
      '${google_artifact_registry_repository.docker_hub[0].location}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.docker_hub[0].repository_id}/library/postgres:17-alpine',
    );
    expect(withoutRegistry['infra/modules/database/gcp/main.tf']).not.toMatch(
      /image\s+= "(docker\.io\/)?(library\/)?postgres:/,
    );
    const bootstrap = await hcl(withoutRegistry, 'infra/bootstrap/gcp/main.tf');
    const services = bootstrap.locals.find((locals: Json) => locals.services)
      .services as string[];
    expect(services).toContain('artifactregistry.googleapis.com');
    expect(new Set(services).size).toBe(services.length);
    const roles = await ciRoles(withoutRegistry);
    expect(roles.dev).toContain('roles/artifactregistry.admin');
  });

  it('says at render time what Cloud Run does not do: memory and latency targets, fractional CPUs', () => {
    const warnings = cloudRunWarnings(
      spec('dev-lab', input => {
        input.spec.app!.hpa = { min: 1, max: 5, cpu: 70, memory: 80 };
        // The size preset's container limits, without the GPU's minimum.
        input.spec.app!.gpu = false;
        delete input.spec.app!.resources;
        return input;
      }),
    );
    expect(warnings).toContain(
      'spec.app.hpa.memory: Cloud Run (dev, staging on gcp) scales on concurrent requests per instance and CPU utilisation only; the memory target is not applied there.',
    );
    expect(warnings).toContain(
      'spec.app.resources: dev on gcp: CPU limit 500m rounded up to 1 vCPU (Cloud Run takes whole vCPUs with instance-based billing).',
    );
    expect(cloudRunWarnings(spec('gcp-medium'))).toEqual([]);
  });
});
