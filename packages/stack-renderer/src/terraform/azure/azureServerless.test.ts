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
import { PLACEHOLDER_IMAGE } from '../common/firstRevisionImage';
import { containerAppSize } from './containerAppSize';
import { renderAzureTerraform } from './renderAzureTerraform';

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

const MODULE = 'infra/modules/serverless/azure';

describe('Container Apps sizes', () => {
  const size = (cpu: string, memory: string) =>
    containerAppSize({ requests: { cpu, memory }, limits: { cpu, memory } });

  it('rounds the limits up to a Consumption pair (0.25 vCPU steps, 2 GiB per vCPU), saying so', () => {
    const small = size('500m', '256Mi');
    expect([small.cpu, small.memoryGib]).toEqual([0.5, 1]);
    expect(small.adjustments).toHaveLength(1);
    expect(size('300m', '2Gi')).toMatchObject({ cpu: 1, memoryGib: 2 });
  });

  it('keeps a size Container Apps accepts as it is', () => {
    expect(size('1', '2Gi')).toEqual({ cpu: 1, memoryGib: 2, adjustments: [] });
  });

  it('refuses a container larger than the Consumption profile, naming the field', () => {
    expect(() => size('6', '8Gi')).toThrow(/spec\.app\.resources\.limits/);
  });
});

describe('the Azure serverless target (Container Apps)', () => {
  const lab = spec('lab-azure');
  const files = renderAzureTerraform(lab);

  it('passes terraform fmt, the azurerm provider schema and the rule set', async () => {
    const root = mkdtempSync(join(tmpdir(), 'skyforge-aca-'));
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

  it('renders the serverless module instead of the cluster module', async () => {
    expect(files[`${MODULE}/main.tf`]).toBeDefined();
    expect(
      Object.keys(files).some(path =>
        path.startsWith('infra/modules/cluster/'),
      ),
    ).toBe(false);
    const variables = await hcl(files, 'infra/envs/dev/azure/variables.tf');
    for (const name of [
      'kubernetes_version',
      'aks_sku_tier',
      'system_pool',
      'service_cidr',
      'health_reader',
    ]) {
      expect(variables.variable[name]).toBeUndefined();
    }
    expect(variables.variable.app).toBeDefined();
  });

  it('runs in a subnet delegated to Microsoft.App/environments that leaves through the NAT gateway', async () => {
    const network = await hcl(files, 'infra/modules/network/azure/main.tf');
    const subnet = network.resource.azurerm_subnet.container_apps[0];
    expect(subnet.delegation[0].service_delegation[0].name).toBe(
      'Microsoft.App/environments',
    );
    expect(files['infra/modules/network/azure/main.tf']).toMatch(
      /container_apps\s+= cidrsubnet\(var\.address_space, 8, 19\)/,
    );
    expect(
      network.resource.azurerm_subnet_nat_gateway_association.container_apps,
    ).toBeDefined();
    // The replicas reach the private endpoints and PostgreSQL like the nodes do.
    const rules = network.resource.azurerm_network_security_rule;
    for (const rule of [
      'private_endpoints_allow_nodes_to_endpoints',
      'postgres_allow_nodes_to_postgres',
    ]) {
      expect(rules[rule][0].source_address_prefixes).toEqual([
        '${local.subnets.nodes}',
        '${local.subnets.container_apps}',
      ]);
    }
    const main = await hcl(files, 'infra/envs/dev/azure/main.tf');
    const call = main.module.serverless[0];
    expect(call.infrastructure_subnet_id).toBe(
      '${module.network.container_apps_subnet_id}',
    );
    const module = await hcl(files, `${MODULE}/main.tf`);
    const environment =
      module.resource.azurerm_container_app_environment.this[0];
    expect(environment.workload_profile[0].workload_profile_type).toBe(
      'Consumption',
    );
  });

  it('runs as the app identity, which every data service grants to and which pulls the image', async () => {
    const main = await hcl(files, 'infra/envs/dev/azure/main.tf');
    expect(main.module.cluster).toBeUndefined();
    for (const capability of ['cache', 'storage']) {
      expect(main.module[capability][0].app_principal_id).toBe(
        '${module.serverless.app_identity_principal_id}',
      );
    }
    expect(main.module.database[0].log_analytics_workspace_id).toBe(
      '${module.serverless.log_analytics_workspace_id}',
    );
    expect(main.module.registry[0].kubelet_principal_id).toBe(
      '${module.serverless.app_identity_principal_id}',
    );
    const module = await hcl(files, `${MODULE}/main.tf`);
    const app = module.resource.azurerm_container_app.this[0];
    expect(app.identity[0].identity_ids).toEqual([
      '${azurerm_user_assigned_identity.app.id}',
    ]);
    expect(app.dynamic.registry[0].content[0].identity).toBe(
      '${azurerm_user_assigned_identity.app.id}',
    );
    expect(module.resource.azurerm_key_vault.this).toBeDefined();
  });

  it('keeps revisions for rollback and leaves image and traffic to make deploy / make rollback', async () => {
    const module = await hcl(files, `${MODULE}/main.tf`);
    const app = module.resource.azurerm_container_app.this[0];
    expect(app.revision_mode).toBe('Multiple');
    expect(app.lifecycle[0].ignore_changes).toEqual(
      expect.arrayContaining([
        '${template[0].container[0].image}',
        '${ingress[0].traffic_weight}',
      ]),
    );
    const container = app.template[0].container[0];
    for (const probe of [
      'startup_probe',
      'readiness_probe',
      'liveness_probe',
    ]) {
      expect(container[probe][0].path).toBe('${var.health_path}');
    }
  });

  it('creates the app with an image it can pull at the first apply, listening on the port the ingress and probes use', async () => {
    // Creating a container app provisions its first revision: an image Container Apps cannot pull
    // (the stack registry is created by the same apply and filled by make image-push only after
    // it; spec.app.image may be private) fails the create with "Failed to provision revision".
    const dev = await hcl(files, 'infra/envs/dev/azure/terraform.tfvars');
    expect(dev.app.image).toBe(PLACEHOLDER_IMAGE);
    // The placeholder listens on $PORT: the root sets it to the ingress target port.
    expect(files['infra/envs/dev/azure/main.tf']).toMatch(
      /PORT\s+= tostring\(var\.app\.port\)/,
    );
    const module = await hcl(files, `${MODULE}/main.tf`);
    const app = module.resource.azurerm_container_app.this[0];
    expect(app.ingress[0].target_port).toBe('${var.port}');
    expect(app.template[0].container[0].startup_probe[0].port).toBe(
      '${var.port}',
    );
    const withoutRegistry = renderAzureTerraform(
      spec('lab-azure', input => {
        input.spec.services!.registry = false;
        return input;
      }),
    );
    expect(
      (await hcl(withoutRegistry, 'infra/envs/dev/azure/terraform.tfvars')).app
        .image,
    ).toBe('ghcr.io/acme/lab-api:0.3.0');
  });

  it('scales between spec.app.hpa.min and max on HTTP concurrency and CPU, per environment', async () => {
    const dev = await hcl(files, 'infra/envs/dev/azure/terraform.tfvars');
    const staging = await hcl(
      files,
      'infra/envs/staging/azure/terraform.tfvars',
    );
    expect(dev.app).toMatchObject({
      port: 8080,
      health_path: '/healthz',
      min_replicas: 1,
      max_replicas: 5,
      cpu_utilization: 70,
    });
    expect(staging.app).toMatchObject({ min_replicas: 1, max_replicas: 10 });
    const module = await hcl(files, `${MODULE}/main.tf`);
    const template = module.resource.azurerm_container_app.this[0].template[0];
    expect(template.http_scale_rule[0].name).toBe('http-concurrency');
    expect(template.custom_scale_rule[0].custom_rule_type).toBe('cpu');
  });

  it('takes the layered app settings and the services.env variables into the container', async () => {
    const dev = await hcl(files, 'infra/envs/dev/azure/terraform.tfvars');
    expect(dev.app_env).toEqual({
      LOG_LEVEL: 'debug',
      FEATURE_NOTEBOOKS: 'on',
    });
    const main = files['infra/envs/dev/azure/main.tf'];
    for (const [name, value] of [
      ['CLOUD_REGION', 'data.azurerm_resource_group.this.location'],
      ['DATABASE_HOST', 'module.database.fqdn'],
    ]) {
      expect(main).toMatch(
        new RegExp(`${name}\\s+= ${value.replace(/\./g, '\\.')}`),
      );
    }
  });

  it('is external with HTTPS only when the stack has a host with TLS, internal to the VNet otherwise', async () => {
    const main = await hcl(files, 'infra/envs/dev/azure/main.tf');
    expect(main.module.serverless[0].external).toBe(true);
    const module = await hcl(files, `${MODULE}/main.tf`);
    expect(
      module.resource.azurerm_container_app.this[0].ingress[0]
        .allow_insecure_connections,
    ).toBe(false);
    const internal = renderAzureTerraform(
      spec('lab-azure', input => {
        input.spec.app!.ingress = {};
        return input;
      }),
    );
    expect(
      (await hcl(internal, 'infra/envs/dev/azure/main.tf')).module.serverless[0]
        .external,
    ).toBe(false);
    const network = await hcl(internal, 'infra/modules/network/azure/main.tf');
    expect(
      network.resource.azurerm_network_security_rule
        .container_apps_allow_app_ingress[0].source_address_prefix,
    ).toBe('VirtualNetwork');
    expect(
      (await hcl(files, 'infra/modules/network/azure/main.tf')).resource
        .azurerm_network_security_rule.container_apps_allow_app_ingress[0]
        .source_address_prefix,
    ).toBe('Internet');
  });

  it('alerts on the container app through its own action group, mailing the alert address', async () => {
    const main = await hcl(files, 'infra/envs/dev/azure/main.tf');
    expect(main.module.serverless_monitoring[0].container_app_id).toBe(
      '${module.serverless.container_app_id}',
    );
    const monitoring = await hcl(
      files,
      'infra/modules/serverless-monitoring/azure/main.tf',
    );
    const alerts = (
      Object.values(
        monitoring.resource.azurerm_monitor_metric_alert,
      ) as Json[][]
    ).map(([alert]) => alert);
    const onApp = alerts.filter(
      alert =>
        alert.criteria[0].metric_namespace === 'Microsoft.App/containerApps',
    );
    expect(onApp.map(alert => alert.criteria[0].metric_name).sort()).toEqual([
      'CpuPercentage',
      'MemoryPercentage',
      'Replicas',
      'Requests',
      'RestartCount',
    ]);
    for (const alert of onApp) {
      expect(alert.scopes).toEqual(['${var.container_app_id}']);
    }
    for (const alert of alerts) {
      expect(alert.action[0].action_group_id).toBe(
        '${azurerm_monitor_action_group.app.id}',
      );
    }
  });

  it('alerts on the PostgreSQL server as on AKS: CPU, memory, storage and availability, to the same action group', async () => {
    const main = await hcl(files, 'infra/envs/dev/azure/main.tf');
    expect(main.module.serverless_monitoring[0].postgres_server_id).toBe(
      '${module.database.server_id}',
    );
    const monitoring = await hcl(
      files,
      'infra/modules/serverless-monitoring/azure/main.tf',
    );
    const onDatabase = (
      Object.values(
        monitoring.resource.azurerm_monitor_metric_alert,
      ) as Json[][]
    )
      .map(([alert]) => alert)
      .filter(
        alert =>
          alert.criteria[0].metric_namespace ===
          'Microsoft.DBforPostgreSQL/flexibleServers',
      );
    expect(
      onDatabase.map(alert => alert.criteria[0].metric_name).sort(),
    ).toEqual([
      'cpu_percent',
      'is_db_alive',
      'memory_percent',
      'storage_percent',
    ]);
    for (const alert of onDatabase) {
      expect(alert.scopes).toEqual(['${var.postgres_server_id}']);
      expect(alert.count).toBe('${var.postgres_server_id == null ? 0 : 1}');
    }
  });

  it("pulls the role job's psql through the registry's artifact cache of Docker Hub, as the job's own identity", async () => {
    // Straight from Docker Hub the job would pull anonymously from the environment's NAT address,
    // under Docker Hub's pull rate limit; the cache fetches it once and keeps it in the registry.
    // Without a registry it pulls the same image from Amazon ECR Public's mirror.
    const database = await hcl(files, 'infra/modules/database/azure/main.tf');
    const job = database.resource.azurerm_container_app_job.role_job[0];
    expect(files['infra/modules/database/azure/main.tf']).toContain(
      'image   = "${var.role_job_registry == null ? "public.ecr.aws/docker" : var.role_job_registry.login_server}/library/postgres:17-alpine"',
    );
    expect(job.dynamic.registry[0].content[0].identity).toBe(
      '${azurerm_user_assigned_identity.role_job[0].id}',
    );
    expect(
      database.resource.azurerm_container_registry_cache_rule.psql[0],
    ).toMatchObject({
      container_registry_id: '${var.role_job_registry.id}',
      source_repo: 'docker.io/library/postgres',
      target_repo: 'library/postgres',
    });
    expect(
      database.resource.azurerm_role_assignment.role_job_pull[0],
    ).toMatchObject({
      scope: '${var.role_job_registry.id}',
      role_definition_name: 'AcrPull',
      principal_id:
        '${azurerm_user_assigned_identity.role_job[0].principal_id}',
    });
    expect(job.depends_on).toEqual([
      '${azurerm_container_registry_cache_rule.psql}',
      '${azurerm_role_assignment.role_job_pull}',
    ]);
    const main = files['infra/envs/dev/azure/main.tf'];
    expect(main).toMatch(
      /role_job_registry = \{\n\s+id\s+= module\.registry\.registry_id\n\s+login_server = module\.registry\.login_server/,
    );
    const withoutRegistry = renderAzureTerraform(
      spec('lab-azure', input => {
        input.spec.services!.registry = false;
        return input;
      }),
    );
    expect(withoutRegistry['infra/envs/dev/azure/main.tf']).not.toContain(
      'role_job_registry',
    );
  });

  it('registers Microsoft.App and lets the plan identity list container app secrets (references), nothing more', async () => {
    expect(files['infra/bootstrap/azure/versions.tf']).toContain(
      '"Microsoft.App"',
    );
    const bootstrap = await hcl(files, 'infra/bootstrap/azure/main.tf');
    const role =
      bootstrap.resource.azurerm_role_definition.container_app_secrets[0];
    expect(role.permissions[0].actions).toEqual([
      'Microsoft.App/containerApps/listSecrets/action',
    ]);
    expect(
      bootstrap.resource.azurerm_role_assignment.plan_container_app_secrets[0]
        .principal_id,
    ).toBe('${azurerm_user_assigned_identity.plan.principal_id}');
  });

  it('keeps Kubernetes environments on AKS and the cluster identity in a mixed stack', async () => {
    const mixed = renderAzureTerraform(
      spec('lab-azure', input => {
        input.spec.overrides = {
          ...input.spec.overrides,
          staging: { compute: 'kubernetes' },
        };
        return input;
      }),
    );
    const staging = await hcl(mixed, 'infra/envs/staging/azure/main.tf');
    expect(staging.module.cache[0].app_principal_id).toBe(
      '${module.cluster.app_identity_principal_id}',
    );
    expect(mixed['infra/modules/cluster/azure/main.tf']).toBeDefined();
    expect(mixed[`${MODULE}/main.tf`]).toBeDefined();
  });
});
