import { parse } from '@cdktn/hcl2json';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadProviderSchema, type SchemaBlock } from '@skyforge/stack-checks';
import { azureStateContainer, azureStateResourceGroup } from '../../naming';
import {
  parseStackSpec,
  type StackSpec,
  type StackSpecInput,
} from '../../spec/stackSpec';
import type { Environment } from '../../spec/profiles';
import { stackTags } from '../../tags';
import { exampleSpecs } from '../../testing/exampleSpecs';
import { writeFileTree } from '../../testing/writeFileTree';
import type { FileTree } from '../../types';
import {
  azureGlobalName,
  azureResourceNames,
  azureStateStorageAccount,
} from './azureResourceNames';
import { AZURE_SERVICES } from './azureServices';
import { fnv1a } from './fnv1a';
import { renderAzureTerraform } from './renderAzureTerraform';

/** Every globally unique name of one environment: the platform's and the services'. */
function allNames(options: { spec: StackSpec; environment: Environment }) {
  const serviceName = (service: keyof typeof AZURE_SERVICES) =>
    azureGlobalName({ ...options, name: AZURE_SERVICES[service].globalName! });
  return {
    ...azureResourceNames(options),
    storageAccount: serviceName('objectStorage'),
    registry: serviceName('registry'),
    postgresServer: serviceName('postgres'),
    redisCache: serviceName('redis'),
    grafana: serviceName('monitoring'),
  };
}

type Json = { [key: string]: any };

const META_ARGUMENTS = new Set([
  'count',
  'for_each',
  'depends_on',
  'lifecycle',
  'provider',
  'dynamic',
]);

const AZURE_EXAMPLES = Object.keys(exampleSpecs).filter(name =>
  (exampleSpecs[name].spec.clouds as readonly string[]).includes('azure'),
);

function spec(
  name: string,
  change: (input: StackSpecInput) => StackSpecInput = input => input,
): StackSpec {
  return parseStackSpec(change(structuredClone(exampleSpecs[name])));
}

async function parseFile(files: FileTree, path: string): Promise<Json> {
  return (await parse(path, files[path])) as Json;
}

const azurermSchema = loadProviderSchema({ provider: 'azurerm' });
const azurerm = {
  resource_schemas: azurermSchema.resourceSchemas,
  data_source_schemas: azurermSchema.dataSourceSchemas,
};

/** Problems of one resource body against its schema block: unknown, deprecated or computed-only arguments, missing required ones. */
function schemaProblems(
  where: string,
  body: Json,
  schema: SchemaBlock,
): string[] {
  const problems: string[] = [];
  const attributes = schema.attributes ?? {};
  const blocks = schema.block_types ?? {};
  for (const [name, value] of Object.entries(body)) {
    if (name === 'dynamic') {
      for (const [label, dynamics] of Object.entries(value as Json)) {
        if (!blocks[label])
          problems.push(`${where}: unknown dynamic block ${label}`);
        else
          for (const dynamic of dynamics as Json[])
            for (const content of dynamic.content)
              problems.push(
                ...schemaProblems(
                  `${where}.${label}`,
                  content,
                  blocks[label].block,
                ),
              );
      }
    } else if (META_ARGUMENTS.has(name)) {
      continue;
    } else if (attributes[name]) {
      if (attributes[name].deprecated)
        problems.push(`${where}.${name} is deprecated`);
      if (!attributes[name].optional && !attributes[name].required)
        problems.push(`${where}.${name} is computed only`);
    } else if (blocks[name]) {
      if (blocks[name].block.deprecated)
        problems.push(`${where}.${name} is deprecated`);
      for (const nested of value as Json[])
        problems.push(
          ...schemaProblems(`${where}.${name}`, nested, blocks[name].block),
        );
    } else {
      problems.push(`${where}.${name} is not in the schema`);
    }
  }
  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute.required && !(name in body))
      problems.push(`${where}.${name} is required`);
  }
  return problems;
}

function writeTree(files: FileTree): string {
  const root = mkdtempSync(join(tmpdir(), 'skyforge-azure-'));
  writeFileTree({ files, directory: root });
  return root;
}

describe('renderAzureTerraform', () => {
  const ledger = spec('azure-small');
  const checkout = spec('all-clouds-gpu');
  const edge = spec('minimal-services');

  it('renders every module, one root per environment and the bootstrap', () => {
    const files = renderAzureTerraform(checkout);
    for (const capability of [
      'network',
      'cluster',
      'database',
      'cache',
      'storage',
      'registry',
      'monitoring',
    ]) {
      for (const file of [
        'versions.tf',
        'variables.tf',
        'main.tf',
        'outputs.tf',
      ]) {
        expect(
          files[`infra/modules/${capability}/azure/${file}`],
        ).toBeDefined();
      }
    }
    for (const environment of ['dev', 'staging', 'prod']) {
      for (const file of [
        'versions.tf',
        'backend.tf',
        'main.tf',
        'variables.tf',
        'outputs.tf',
        'terraform.tfvars',
      ]) {
        expect(files[`infra/envs/${environment}/azure/${file}`]).toBeDefined();
      }
    }
    for (const file of [
      'versions.tf',
      'main.tf',
      'variables.tf',
      'outputs.tf',
      'terraform.tfvars',
    ]) {
      expect(files[`infra/bootstrap/azure/${file}`]).toBeDefined();
    }
    expect(
      Object.keys(files).every(path =>
        /^infra\/(modules\/[a-z]+|envs\/[a-z]+|bootstrap)\/azure\//.test(path),
      ),
    ).toBe(true);
    expect(Object.keys(files)).toEqual([...Object.keys(files)].sort());
  });

  it('renders data-service modules only for the services that are on', () => {
    const files = renderAzureTerraform(edge);
    const modules = new Set(
      Object.keys(files)
        .filter(path => path.startsWith('infra/modules/'))
        .map(path => path.split('/')[2]),
    );
    expect([...modules].sort()).toEqual(['cluster', 'network']);
    expect(files['infra/envs/dev/azure/main.tf']).not.toMatch(
      /module "(database|cache|storage|registry|monitoring)"/,
    );
    expect(files['infra/envs/dev/azure/outputs.tf']).not.toMatch(
      /database_endpoint|cache_endpoint|bucket_name|registry_url/,
    );
    expect(files['infra/modules/network/azure/main.tf']).not.toMatch(
      /postgres|redis|azurecr|blob\.core/,
    );
    expect(files['infra/modules/cluster/azure/main.tf']).not.toContain(
      'monitor_metrics',
    );
    expect(files['infra/envs/staging/azure/main.tf']).toBeUndefined();
  });

  it('writes the contract outputs, backend and bootstrap outputs', () => {
    const files = renderAzureTerraform(checkout);
    for (const environment of checkout.spec.environments) {
      const outputs = files[`infra/envs/${environment}/azure/outputs.tf`];
      for (const name of [
        'cluster_name',
        'region',
        'database_endpoint',
        'cache_endpoint',
        'bucket_name',
        'registry_url',
        'app_identity_client_id',
      ]) {
        expect(outputs).toContain(`output "${name}" {`);
      }
      const backend = files[`infra/envs/${environment}/azure/backend.tf`];
      expect(backend).toContain(
        `resource_group_name = "${azureStateResourceGroup('checkout')}"`,
      );
      // One container per environment, which only that environment's identity may write.
      expect(backend).toContain(
        `container_name      = "${azureStateContainer(environment)}"`,
      );
      expect(backend).toContain('key                 = "terraform.tfstate"');
      expect(backend).toContain('use_azuread_auth    = true');
      expect(backend).not.toMatch(/^\s*storage_account_name\s*=/m);
      expect(backend).toContain(
        '-backend-config=storage_account_name=$TF_STATE_ACCOUNT',
      );
      const versions = files[`infra/envs/${environment}/azure/versions.tf`];
      expect(versions).toContain('required_version = ">= 1.10"');
      expect(versions).toContain('version = "4.65.0"');
      expect(versions).toContain('storage_use_azuread = true');
      // The private storage data plane is out of reach of GitHub-hosted runners.
      expect(versions).toMatch(/storage \{\s+data_plane_available = false/);
      // The bootstrap registered the resource providers; this identity may not.
      expect(versions).toContain('resource_provider_registrations = "none"');
      expect(versions).not.toContain('resource_providers_to_register');
      expect(versions).toContain('ARM_SUBSCRIPTION_ID');
    }
    const bootstrap = files['infra/bootstrap/azure/outputs.tf'];
    for (const name of [
      'azure_client_id',
      'azure_tenant_id',
      'azure_subscription_id',
      'tf_state_account',
    ]) {
      expect(bootstrap).toContain(`output "${name}" {`);
    }
  });

  it('has a schema guard that catches unknown, deprecated and missing arguments', () => {
    const keyVault = azurerm.resource_schemas.azurerm_key_vault.block;
    const problems = schemaProblems(
      'kv',
      {
        name: 'x',
        bogus: 1,
        enable_rbac_authorization: true,
        vault_uri: 'x',
        network_acls: [{ typo: 1 }],
      },
      keyVault,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'kv.bogus is not in the schema',
        'kv.enable_rbac_authorization is deprecated',
        'kv.vault_uri is computed only',
        'kv.network_acls.typo is not in the schema',
        'kv.location is required',
        'kv.tenant_id is required',
      ]),
    );
  });

  describe.each(AZURE_EXAMPLES)('%s', example => {
    const files = renderAzureTerraform(spec(example));

    it('is terraform fmt canonical in every root, module and the bootstrap', () => {
      const root = writeTree(files);
      try {
        const directories = [
          ...new Set(Object.keys(files).map(path => dirname(path))),
        ];
        expect(directories).toContain('infra/bootstrap/azure');
        for (const directory of directories) {
          // Throws (and fails the test) with the offending files when anything is not canonical.
          execFileSync(
            'terraform',
            ['fmt', '-check', '-recursive', join(root, directory)],
            { stdio: 'pipe' },
          );
        }
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });

    it('parses, and uses only resource types and arguments azurerm 4.65 has (none deprecated)', async () => {
      const problems: string[] = [];
      let resources = 0;
      // Only HCL: the monitoring module's *.tftpl (templatefile() inputs) and the database
      // module's app_role.sql (make database-user) are not.
      for (const path of Object.keys(files).filter(
        file => file.endsWith('.tf') || file.endsWith('.tfvars'),
      )) {
        const parsed = await parseFile(files, path);
        for (const [kind, schemas] of [
          ['resource', azurerm.resource_schemas],
          ['data', azurerm.data_source_schemas],
        ] as const) {
          for (const [type, instances] of Object.entries(
            (parsed[kind] ?? {}) as Json,
          )) {
            // azapi's generic resources have no vendored schema; @skyforge/stack-checks checks them.
            if (type.startsWith('azapi_')) continue;
            if (!schemas[type]) {
              problems.push(`${path}: ${kind} ${type} does not exist`);
              continue;
            }
            if (schemas[type].block.deprecated)
              problems.push(`${path}: ${type} is deprecated`);
            for (const [name, bodies] of Object.entries(instances as Json)) {
              for (const body of bodies as Json[]) {
                resources += 1;
                problems.push(
                  ...schemaProblems(
                    `${path}: ${type}.${name}`,
                    body,
                    schemas[type].block,
                  ),
                );
              }
            }
          }
        }
      }
      expect(resources).toBeGreaterThan(20);
      expect(problems).toEqual([]);
    });

    it('tags every taggable resource with the module tags', async () => {
      const untagged: string[] = [];
      for (const path of Object.keys(files).filter(file =>
        file.endsWith('main.tf'),
      )) {
        const parsed = await parseFile(files, path);
        for (const [type, instances] of Object.entries(
          (parsed.resource ?? {}) as Json,
        )) {
          if (!azurerm.resource_schemas[type].block.attributes?.tags) continue;
          for (const [name, bodies] of Object.entries(instances as Json)) {
            // The bootstrap's environment resource groups add their environment to the tags.
            const tags = (bodies as Json[])[0].tags;
            if (tags !== '${var.tags}' && !/^\$\{merge\(var\.tags,/.test(tags))
              untagged.push(`${path}: ${type}.${name}`);
          }
        }
      }
      expect(untagged).toEqual([]);
      const parsedSpec = spec(example);
      for (const environment of parsedSpec.spec.environments) {
        const values = await parseFile(
          files,
          `infra/envs/${environment}/azure/terraform.tfvars`,
        );
        expect(values.tags).toEqual(
          stackTags({ spec: parsedSpec, environment }),
        );
      }
    });

    it('writes no secret and turns off every key- or password-based login', () => {
      const all = Object.values(files).join('\n');
      expect(all).not.toMatch(
        /administrator_password|administrator_login|client_secret|access_key\b|connection_string|sas_token/,
      );
      expect(all).not.toMatch(/shared_access_key_enabled\s*=\s*true/);
      expect(all).not.toMatch(
        /admin_enabled\s*=\s*true|local_account_disabled\s*=\s*false/,
      );
      const storageAccounts =
        all.match(/resource "azurerm_storage_account"/g) ?? [];
      expect(all.match(/shared_access_key_enabled\s*=\s*false/g)).toHaveLength(
        storageAccounts.length,
      );
    });

    it('is deterministic', () => {
      expect(renderAzureTerraform(spec(example))).toEqual(files);
    });
  });

  it('locks down the cluster', () => {
    const cluster =
      renderAzureTerraform(ledger)['infra/modules/cluster/azure/main.tf'];
    for (const setting of [
      'private_cluster_enabled             = true',
      'local_account_disabled              = true',
      // On: CI deploys through `az aks command invoke`, with its own Entra token and AKS RBAC roles.
      'run_command_enabled          = true',
      'oidc_issuer_enabled                 = true',
      'workload_identity_enabled           = true',
      'azure_policy_enabled                = true',
      'automatic_upgrade_channel           = "stable"',
      'azure_rbac_enabled     = true',
      'network_plugin_mode = "overlay"',
      'network_data_plane  = "cilium"',
      'network_policy      = "cilium"',
      'outbound_type       = "userAssignedNATGateway"',
      'msi_auth_for_monitoring_enabled = true',
      'only_critical_addons_enabled = true',
      'max_surge                     = "10%"',
      'os_sku                       = "AzureLinux"',
      'web_app_routing {',
      'key_vault_secrets_provider {',
      'monitor_metrics {',
      'subject                   = "system:serviceaccount:${var.app_namespace}:${var.app_service_account}"',
    ]) {
      // Alignment depends on the neighbours: compare with runs of spaces collapsed.
      expect(cluster.replace(/ +/g, ' ')).toContain(
        setting.replace(/ +/g, ' '),
      );
    }
    expect(cluster.match(/host_encryption_enabled\s+= true/g)).toHaveLength(2);
    expect(
      renderAzureTerraform(ledger)['infra/envs/dev/azure/main.tf'],
    ).toMatch(/app_name\s+= "ledger"/);
  });

  it('puts the application pool on spot capacity only where the spot policy says so', async () => {
    const policies: Array<[StackSpec, Record<string, boolean>]> = [
      [checkout, { dev: true, staging: false, prod: false }],
      [
        spec('azure-small', input => ({
          ...input,
          spec: { ...input.spec, cluster: { spot: 'all' } },
        })),
        { dev: true, staging: true, prod: true },
      ],
      [
        spec('azure-small', input => ({
          ...input,
          spec: { ...input.spec, cluster: { spot: 'none' } },
        })),
        { dev: false, staging: false, prod: false },
      ],
    ];
    for (const [stack, expected] of policies) {
      const files = renderAzureTerraform(stack);
      for (const [environment, spot] of Object.entries(expected)) {
        expect(
          (
            await parseFile(
              files,
              `infra/envs/${environment}/azure/terraform.tfvars`,
            )
          ).application_pool.spot,
        ).toBe(spot);
      }
    }
    const pool =
      renderAzureTerraform(ledger)['infra/modules/cluster/azure/main.tf'];
    expect(pool).toContain(
      'priority                    = var.application_pool.spot ? "Spot" : "Regular"',
    );
    expect(pool).toContain(
      'eviction_policy             = var.application_pool.spot ? "Delete" : null',
    );
    expect(pool).toContain(
      'spot_max_price              = var.application_pool.spot ? -1 : null',
    );
  });

  it('declares a GPU pool only when an environment asks for one, tainted and labelled', async () => {
    const files = renderAzureTerraform(checkout); // gpu: true, dev overrides it off
    const cluster = await parseFile(
      files,
      'infra/modules/cluster/azure/main.tf',
    );
    const gpu = cluster.resource.azurerm_kubernetes_cluster_node_pool.gpu[0];
    expect(gpu.node_taints).toEqual(['nvidia.com/gpu=present:NoSchedule']);
    expect(gpu.node_labels).toEqual({ 'skyforge.io/pool': 'gpu' });
    expect(gpu.min_count).toBe(0);
    expect(
      (await parseFile(files, 'infra/envs/dev/azure/terraform.tfvars'))
        .gpu_pool,
    ).toBeNull();
    expect(
      (await parseFile(files, 'infra/envs/prod/azure/terraform.tfvars'))
        .gpu_pool.vm_size,
    ).toBe('Standard_NC24ads_A100_v4');
    expect(
      (await parseFile(files, 'infra/envs/staging/azure/terraform.tfvars'))
        .gpu_pool.vm_size,
    ).toBe('Standard_NC8as_T4_v3');
    const system =
      cluster.resource.azurerm_kubernetes_cluster.this[0].default_node_pool[0];
    expect(system.node_labels).toEqual({ 'skyforge.io/pool': 'system' });
    expect(system.zones).toEqual(['1', '2', '3']);

    const plain = renderAzureTerraform(ledger);
    expect(plain['infra/modules/cluster/azure/main.tf']).not.toContain(
      'nvidia.com/gpu',
    );
    expect(plain['infra/modules/cluster/azure/variables.tf']).not.toContain(
      'gpu_pool',
    );
    expect(plain['infra/envs/prod/azure/terraform.tfvars']).not.toContain(
      'gpu_pool',
    );
  });

  it('buys availability, geo backups and the AKS SLA only in production', async () => {
    const files = renderAzureTerraform(ledger);
    const expected = { dev: false, staging: false, prod: true };
    for (const [environment, production] of Object.entries(expected)) {
      const values = await parseFile(
        files,
        `infra/envs/${environment}/azure/terraform.tfvars`,
      );
      expect(values.high_availability).toBe(production);
      expect(values.postgres_geo_redundant_backup).toBe(production);
      expect(values.deletion_protection).toBe(production);
      expect(values.aks_sku_tier).toBe(production ? 'Standard' : 'Free');
      expect(values.backup_retention_days).toBe(production ? 30 : 7);
      expect(values.log_retention_days).toBeGreaterThanOrEqual(90);
      expect(values.nat_gateway_zones).toEqual(production ? ['1'] : []);
      expect(values.postgres_sku_name).toBe('GP_Standard_D2ds_v5');
      expect(values.postgres_storage_mb).toBe(65536);
      expect(values.redis_sku_name).toBe('Balanced_B1');
    }
    const database = await parseFile(
      files,
      'infra/modules/database/azure/main.tf',
    );
    const server = database.resource.azurerm_postgresql_flexible_server.this[0];
    expect(server.version).toBe('16');
    expect(server.public_network_access_enabled).toBe(false);
    expect(server.authentication[0]).toMatchObject({
      active_directory_auth_enabled: true,
      password_auth_enabled: false,
    });
    expect(server.dynamic.high_availability[0].content[0].mode).toBe(
      'ZoneRedundant',
    );
    expect(database.locals[0].server_parameters.require_secure_transport).toBe(
      'on',
    );

    // Azure Managed Redis runs a replica in another zone only where the environment pays for it.
    const cache = await parseFile(files, 'infra/modules/cache/azure/main.tf');
    const redis = cache.resource.azurerm_managed_redis.this[0];
    expect(redis.high_availability_enabled).toBe('${var.high_availability}');
    expect(redis.public_network_access).toBe('Disabled');
    expect(redis.default_database[0]).toMatchObject({
      access_keys_authentication_enabled: false,
      client_protocol: 'Encrypted',
    });
    expect(
      (
        await parseFile(
          renderAzureTerraform(checkout),
          'infra/envs/prod/azure/terraform.tfvars',
        )
      ).redis_sku_name,
    ).toBe('Balanced_B10');
  });

  it('derives valid, distinct and stable globally unique names', () => {
    expect(fnv1a('')).toBe('811c9dc5');
    expect(fnv1a('a')).toBe('e40c292c');
    const seen = new Set<string>();
    for (const stack of [ledger, checkout, edge]) {
      for (const environment of stack.spec.environments) {
        const names = allNames({ spec: stack, environment });
        expect(names.storageAccount).toMatch(/^[a-z0-9]{3,24}$/);
        expect(names.flowLogStorageAccount).toMatch(/^[a-z0-9]{3,24}$/);
        expect(names.registry).toMatch(/^[a-z0-9]{5,50}$/);
        expect(names.keyVault).toMatch(/^[a-z][a-z0-9-]{1,22}[a-z0-9]$/);
        expect(names.keyVault).not.toContain('--');
        expect(names.postgresServer).toMatch(/^[a-z][a-z0-9-]{1,61}[a-z0-9]$/);
        expect(names.grafana).toMatch(/^[a-z][a-z0-9-]{0,21}[a-z0-9]$/);
        for (const name of [
          names.storageAccount,
          names.flowLogStorageAccount,
          names.registry,
          names.keyVault,
          names.postgresServer,
          names.redisCache,
        ]) {
          expect(seen.has(name)).toBe(false);
          seen.add(name);
        }
      }
      expect(azureStateStorageAccount(stack)).toMatch(/^[a-z0-9]{3,24}$/);
    }
    const long = spec('azure-small', input => ({
      ...input,
      metadata: { ...input.metadata, name: 'a-very-long-stack-name-x' },
    }));
    expect(
      allNames({ spec: long, environment: 'staging' }).storageAccount,
    ).toHaveLength(24);
    expect(
      allNames({ spec: long, environment: 'staging' }).keyVault.length,
    ).toBeLessThanOrEqual(24);
    // Stable across renders and releases: a change here renames (replaces) real resources.
    expect(allNames({ spec: ledger, environment: 'dev' }).storageAccount).toBe(
      allNames({
        spec: parseStackSpec(structuredClone(exampleSpecs['azure-small'])),
        environment: 'dev',
      }).storageAccount,
    );
  });

  it('bootstraps state and GitHub OIDC identities with immutable subjects', async () => {
    const files = renderAzureTerraform(checkout);
    const main = await parseFile(files, 'infra/bootstrap/azure/main.tf');
    expect(main.resource.azurerm_resource_group.state[0].name).toBe(
      'checkout-tfstate',
    );
    const account = main.resource.azurerm_storage_account.state[0];
    expect(account).toMatchObject({
      shared_access_key_enabled: false,
      min_tls_version: 'TLS1_2',
      infrastructure_encryption_enabled: true,
    });
    expect(account.blob_properties[0].versioning_enabled).toBe(true);
    expect(main.resource.azurerm_storage_container.state[0].name).toBe(
      '${each.value}',
    );
    expect(main.locals[0].state_containers).toEqual({
      dev: 'tfstate-dev',
      staging: 'tfstate-staging',
      prod: 'tfstate-prod',
    });
    expect(main.locals[0].environment_resource_groups).toEqual({
      dev: 'checkout-dev-rg',
      staging: 'checkout-staging-rg',
      prod: 'checkout-prod-rg',
    });
    const apply = main.resource.azurerm_federated_identity_credential.apply[0];
    expect(apply.subject).toBe(
      '${var.github_owner}-${var.github_owner_id}/${var.github_repository}-${var.github_repository_id}:environment:${each.key}'.replace(
        /^/,
        'repo:',
      ),
    );
    expect(apply.issuer).toBe('https://token.actions.githubusercontent.com');
    expect(
      main.resource.azurerm_federated_identity_credential.plan[0].subject,
    ).toMatch(/:pull_request$/);
    const roles = main.resource.azurerm_role_assignment;
    // Each apply identity is confined to its environment's resource group and state container.
    expect(roles.apply_contributor[0]).toMatchObject({
      role_definition_name: 'Contributor',
      scope: '${azurerm_resource_group.environment[each.key].id}',
    });
    expect(roles.apply_role_assignments[0].scope).toBe(
      '${azurerm_resource_group.environment[each.key].id}',
    );
    expect(roles.apply_state[0]).toMatchObject({
      role_definition_name: 'Storage Blob Data Contributor',
      scope: '${azurerm_storage_container.state[each.key].id}',
    });
    // The pull-request identity reads, and writes no state.
    expect(roles.plan_environment_reader[0].role_definition_name).toBe(
      'Reader',
    );
    expect(roles.plan_cluster_user[0].role_definition_name).toBe(
      'Azure Kubernetes Service Cluster User Role',
    );
    expect(roles.plan_state[0].role_definition_name).toBe(
      'Storage Blob Data Reader',
    );
    for (const assignment of Object.values(roles) as Json[][]) {
      expect(assignment[0].scope).not.toBe(
        '${data.azurerm_subscription.current.id}',
      );
    }
    const values = await parseFile(
      files,
      'infra/bootstrap/azure/terraform.tfvars',
    );
    expect(values.state_storage_account_name).toBe(
      azureStateStorageAccount(checkout),
    );
    const variables = await parseFile(
      files,
      'infra/bootstrap/azure/variables.tf',
    );
    for (const name of [
      'github_owner',
      'github_owner_id',
      'github_repository',
      'github_repository_id',
    ]) {
      expect(variables.variable[name][0].validation).toHaveLength(1);
    }
  });
});
