import { parse } from '@cdktn/hcl2json';
import { gcpAppServiceAccountId, gcpStateBucket } from '../../naming';
import {
  parseStackSpec,
  type StackSpec,
  type StackSpecInput,
} from '../../spec/stackSpec';
import { stackTags } from '../../tags';
import { exampleSpecs } from '../../testing/exampleSpecs';
import { renderGcpTerraform } from './renderGcpTerraform';

// Parsed HCL (hcl2json) has no static shape; the assertions below check it.
type Json = { [key: string]: any };

function spec(
  name: string,
  change: (input: StackSpecInput) => StackSpecInput = input => input,
): StackSpec {
  return parseStackSpec(change(structuredClone(exampleSpecs[name])));
}

async function tfvars(
  files: Record<string, string>,
  environment: string,
): Promise<Json> {
  const path = `infra/envs/${environment}/gcp/terraform.tfvars`;
  return (await parse(path, files[path])) as Json;
}

describe('renderGcpTerraform', () => {
  const checkout = spec('all-clouds-gpu');
  const search = spec('gcp-medium');
  const edge = spec('minimal-services');

  it('renders modules, one root per environment and the bootstrap', () => {
    const files = renderGcpTerraform(checkout);
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
        expect(files[`infra/modules/${capability}/gcp/${file}`]).toBeDefined();
      }
    }
    for (const environment of ['dev', 'staging', 'prod']) {
      for (const file of [
        'versions.tf',
        'backend.tf',
        'variables.tf',
        'main.tf',
        'outputs.tf',
        'terraform.tfvars',
      ]) {
        expect(files[`infra/envs/${environment}/gcp/${file}`]).toBeDefined();
      }
    }
    for (const file of [
      'versions.tf',
      'variables.tf',
      'main.tf',
      'outputs.tf',
      'terraform.tfvars',
    ]) {
      expect(files[`infra/bootstrap/gcp/${file}`]).toBeDefined();
    }
    expect(
      Object.keys(files).every(
        path => path.startsWith('infra/') && path.includes('/gcp'),
      ),
    ).toBe(true);
  });

  it('renders modules only for the services that are on', () => {
    const files = renderGcpTerraform(edge);
    const modules = [
      ...new Set(
        Object.keys(files)
          .filter(path => path.startsWith('infra/modules/'))
          .map(path => path.split('/')[2]),
      ),
    ];
    expect(modules.sort()).toEqual(['cluster', 'network']);
    // Six files of the one root, and its terraform test.
    expect(
      Object.keys(files).filter(path => path.startsWith('infra/envs/')),
    ).toHaveLength(7);
    const main = files['infra/envs/dev/gcp/main.tf'];
    expect(main).not.toMatch(
      /module "(database|cache|storage|registry|monitoring)"/,
    );
    const outputs = files['infra/envs/dev/gcp/outputs.tf'];
    expect(outputs).toContain('output "cluster_name"');
    expect(outputs).toContain('output "region"');
    expect(outputs).toContain('output "app_service_account_email"');
    expect(outputs).not.toMatch(
      /database_endpoint|cache_endpoint|bucket_name|registry_url/,
    );
    expect(files['infra/bootstrap/gcp/main.tf']).not.toMatch(
      /sqladmin|redis\.googleapis|artifactregistry\.googleapis|getAuthString/,
    );
  });

  it('writes the contract outputs of every root module', () => {
    const files = renderGcpTerraform(checkout);
    for (const environment of checkout.spec.environments) {
      const outputs = files[`infra/envs/${environment}/gcp/outputs.tf`];
      for (const name of [
        'cluster_name',
        'region',
        'database_endpoint',
        'cache_endpoint',
        'bucket_name',
        'registry_url',
        'app_service_account_email',
      ]) {
        expect(outputs).toContain(`output "${name}" {`);
      }
    }
    const bootstrap = files['infra/bootstrap/gcp/outputs.tf'];
    expect(bootstrap).toContain('output "gcp_workload_identity_provider" {');
    expect(bootstrap).toContain('output "gcp_service_account" {');
  });

  it('puts Spot VMs under the application pool where the spot policy says so', async () => {
    const checkoutFiles = renderGcpTerraform(checkout); // spot: dev
    expect((await tfvars(checkoutFiles, 'dev')).application_pool.spot).toBe(
      true,
    );
    expect((await tfvars(checkoutFiles, 'staging')).application_pool.spot).toBe(
      false,
    );
    expect((await tfvars(checkoutFiles, 'prod')).application_pool.spot).toBe(
      false,
    );
    const searchFiles = renderGcpTerraform(search); // spot: all
    expect((await tfvars(searchFiles, 'dev')).application_pool.spot).toBe(true);
    expect((await tfvars(searchFiles, 'prod')).application_pool.spot).toBe(
      true,
    );
    const cluster = checkoutFiles['infra/modules/cluster/gcp/main.tf'];
    expect(cluster).toMatch(/spot\s+= var.application_pool.spot\n/);
    expect(cluster.match(/spot\s+=/g)).toHaveLength(1);
  });

  it('makes the production cluster regional and the others zonal', async () => {
    const files = renderGcpTerraform(checkout);
    expect((await tfvars(files, 'prod')).high_availability).toBe(true);
    expect((await tfvars(files, 'staging')).high_availability).toBe(false);
    expect((await tfvars(files, 'dev')).high_availability).toBe(false);
    expect(files['infra/envs/prod/gcp/main.tf']).toContain(
      'regional            = var.high_availability',
    );
    expect(files['infra/modules/cluster/gcp/main.tf']).toContain(
      'location         = var.regional ? var.region : "${var.region}-b"',
    );
    expect(files['infra/modules/cluster/gcp/main.tf']).toMatch(
      /resource "google_container_cluster" "this" \{[^}]*location\s+= local.location/,
    );
  });

  it('adds a GPU pool only where the environment has GPUs', async () => {
    const files = renderGcpTerraform(checkout); // gpu: true, overridden to false in dev
    expect((await tfvars(files, 'dev')).gpu_pool).toBeUndefined();
    const prod = (await tfvars(files, 'prod')).gpu_pool;
    expect(prod).toEqual({
      machine_type: 'g2-standard-16',
      accelerator_type: 'nvidia-l4',
      accelerator_count: 1,
      max_nodes: 8,
      disk_size_gb: 200,
    });
    expect((await tfvars(files, 'staging')).gpu_pool.accelerator_type).toBe(
      'nvidia-l4',
    );
    expect(
      (await tfvars(renderGcpTerraform(search), 'prod')).gpu_pool,
    ).toBeUndefined();

    const cluster = files['infra/modules/cluster/gcp/main.tf'];
    const gpuPool = cluster.slice(
      cluster.indexOf('resource "google_container_node_pool" "gpu"'),
    );
    expect(gpuPool).toContain('count = var.gpu_pool == null ? 0 : 1');
    expect(gpuPool).toContain('"skyforge.io/pool" = "gpu"');
    expect(gpuPool).toMatch(
      /key\s+= "nvidia.com\/gpu"\n\s+value\s+= "present"\n\s+effect = "NO_SCHEDULE"/,
    );
    expect(gpuPool).toContain('total_min_node_count = 0');
    expect(gpuPool).toContain('gpu_driver_version = "DEFAULT"');
  });

  it('hardens every node pool and keeps the cluster private', () => {
    const cluster =
      renderGcpTerraform(checkout)['infra/modules/cluster/gcp/main.tf'];
    const pools = cluster
      .split('resource "google_container_node_pool"')
      .slice(1);
    expect(pools).toHaveLength(3);
    for (const pool of pools) {
      expect(pool).toContain('image_type   = "COS_CONTAINERD"');
      expect(pool).toMatch(/auto_repair\s+= true/);
      expect(pool).toMatch(/auto_upgrade\s+= true/);
      expect(pool).toMatch(/enable_secure_boot\s+= true/);
      expect(pool).toMatch(/enable_integrity_monitoring\s+= true/);
      expect(pool).toContain('mode = "GKE_METADATA"');
      expect(pool).toContain(
        'service_account = google_service_account.nodes.email',
      );
      expect(pool).toContain('resource_labels = var.labels');
    }
    expect(cluster).toContain('enable_private_nodes    = true');
    expect(cluster).toContain(
      'enable_private_endpoint = length(var.public_endpoint_cidrs) == 0',
    );
    expect(cluster).toContain('workload_pool = local.workload_pool');
    expect(cluster).toContain('datapath_provider = "ADVANCED_DATAPATH"');
    expect(cluster).toContain('issue_client_certificate = false');
    expect(cluster).toContain('remove_default_node_pool = true');
    expect(cluster).toContain('key_name = google_kms_crypto_key.etcd.id');
    expect(cluster).not.toMatch(/default-compute|compute@developer/);
  });

  it('admits the listed public endpoint networks and nothing else', async () => {
    const open = spec('gcp-medium', input => ({
      ...input,
      spec: {
        ...input.spec,
        cluster: {
          ...input.spec.cluster,
          publicEndpointCidrs: ['203.0.113.0/24'],
        },
      },
    }));
    expect(
      (await tfvars(renderGcpTerraform(open), 'prod')).public_endpoint_cidrs,
    ).toEqual(['203.0.113.0/24']);
    expect(
      (await tfvars(renderGcpTerraform(search), 'prod')).public_endpoint_cidrs,
    ).toEqual([]);
  });

  it('labels every environment with the tag contract', async () => {
    const files = renderGcpTerraform(checkout);
    for (const environment of checkout.spec.environments) {
      expect((await tfvars(files, environment)).labels).toEqual(
        stackTags({ spec: checkout, environment }),
      );
      expect(files[`infra/envs/${environment}/gcp/versions.tf`]).toContain(
        'default_labels = var.labels',
      );
    }
    const bootstrap = (await parse(
      'terraform.tfvars',
      files['infra/bootstrap/gcp/terraform.tfvars'],
    )) as Json;
    expect(bootstrap.labels['skyforge-component']).toBe('checkout');
    expect(bootstrap.labels['managed-by']).toBe('terraform');
  });

  it('buys high availability and deletion protection only for production', async () => {
    const small = spec('all-clouds-gpu', input => ({
      ...input,
      spec: { ...input.spec, size: 'small', overrides: {} },
    }));
    const files = renderGcpTerraform(small);
    for (const environment of ['dev', 'staging']) {
      const values = await tfvars(files, environment);
      expect(values.high_availability).toBe(false);
      expect(values.deletion_protection).toBe(false);
      expect(values.cache.tier).toBe('BASIC');
    }
    const prod = await tfvars(files, 'prod');
    expect(prod.high_availability).toBe(true);
    expect(prod.deletion_protection).toBe(true);
    expect(prod.cache.tier).toBe('STANDARD_HA');
    expect(prod.backup_retention_days).toBe(30);
    const database = files['infra/modules/database/gcp/main.tf'];
    expect(database).toContain(
      'availability_type           = var.high_availability ? "REGIONAL" : "ZONAL"',
    );
    expect(database).toContain('ipv4_enabled       = false');
    expect(database).toContain('ssl_mode           = "ENCRYPTED_ONLY"');
    expect(database).toContain('point_in_time_recovery_enabled = true');
    expect(database).toContain('value = "on"');
  });

  it('writes no secrets and no long-lived credentials', () => {
    for (const name of ['all-clouds-gpu', 'gcp-medium', 'minimal-services']) {
      for (const [path, content] of Object.entries(
        renderGcpTerraform(spec(name)),
      )) {
        // A secret version names its secret (`secret = google_secret_manager_secret.<name>.id`);
        // that is a reference to the container, not a value.
        expect([path, content]).not.toEqual([
          path,
          expect.stringMatching(
            /\b(password|root_password|password_wo|private_key|auth_string|secret)\s*=(?!\s*google_secret_manager_secret\.)/,
          ),
        ]);
        expect(content).not.toContain('google_service_account_key');
        expect(content).not.toContain('google_storage_hmac_key');
      }
    }
  });

  it('binds the application identity that the Kustomize component annotates', () => {
    const files = renderGcpTerraform(checkout);
    const main = files['infra/envs/staging/gcp/main.tf'];
    expect(main).toContain(
      `app_service_account_id  = "${gcpAppServiceAccountId({
        name: 'checkout',
        environment: 'staging',
      })}"`,
    );
    expect(main).toContain('app_namespace           = "checkout"');
    expect(main).toContain('app_service_account     = "checkout"');
    // The member names the real Kubernetes ServiceAccount, not the namespace twice.
    expect(files['infra/modules/cluster/gcp/main.tf']).toContain(
      'member             = "serviceAccount:${local.workload_pool}[${var.app_namespace}/${var.app_service_account}]"',
    );
    expect(files['infra/modules/storage/gcp/main.tf']).toContain(
      'role   = "roles/storage.objectUser"',
    );
    expect(files['infra/modules/database/gcp/main.tf']).toContain(
      'type     = "CLOUD_IAM_SERVICE_ACCOUNT"',
    );
  });

  it("keeps each environment's state in its project's bucket and trusts only this repository's environments", () => {
    const files = renderGcpTerraform(search);
    for (const [environment, projectId] of [
      ['dev', 'acme-discovery-dev'],
      ['prod', 'acme-discovery-prod'],
    ] as const) {
      const bucket = gcpStateBucket({ projectId, name: 'search' });
      expect(files[`infra/envs/${environment}/gcp/backend.tf`]).toContain(
        `bucket = "${bucket}"\n    prefix = "${environment}/gcp"`,
      );
      expect(files[`infra/envs/${environment}/gcp/terraform.tfvars`]).toMatch(
        new RegExp(`^project_id\\s+= "${projectId}"$`, 'm'),
      );
      expect(files['infra/bootstrap/gcp/main.tf']).toMatch(
        new RegExp(`"${projectId}"\\s+= "${bucket}"`),
      );
    }
    const bootstrap = files['infra/bootstrap/gcp/main.tf'];
    expect(bootstrap).toContain(
      'subject_prefix = "repo:${var.github_owner}-${var.github_owner_id}/${var.github_repository}-${var.github_repository_id}"',
    );
    // Each environment's CI identity is trusted through its own project's pool.
    expect(bootstrap).toContain(
      'google_iam_workload_identity_pool.github[each.value].name}/subject/${local.subject_prefix}:environment:${each.key}"',
    );
    expect(bootstrap).toContain(
      '/subject/${local.subject_prefix}:pull_request"',
    );
    expect(bootstrap).toContain(
      'assertion.repository_id == \\"${var.github_repository_id}\\"',
    );
    expect(bootstrap).toContain('public_access_prevention    = "enforced"');
    // CI may grant only the roles the environment roots grant, never Owner.
    expect(bootstrap).toContain(
      "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(${jsonencode(local.grantable_roles)})",
    );
    expect(bootstrap).not.toMatch(/ci_roles = \[[^\]]*projectIamAdmin[^\]]*\]/);
    expect(files['infra/bootstrap/gcp/terraform.tfvars']).toContain(
      'projects = {\n  dev  = "acme-discovery-dev"\n  prod = "acme-discovery-prod"\n}',
    );
    const variables = files['infra/bootstrap/gcp/variables.tf'];
    for (const name of [
      'github_owner',
      'github_owner_id',
      'github_repository',
      'github_repository_id',
    ]) {
      expect(variables).toMatch(
        new RegExp(`variable "${name}" \\{[^]*?validation \\{`),
      );
    }
  });

  it('is deterministic and sorted by path', () => {
    const first = renderGcpTerraform(spec('all-clouds-gpu'));
    const second = renderGcpTerraform(spec('all-clouds-gpu'));
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(Object.keys(first)).toEqual([...Object.keys(first)].sort());
  });

  it('refuses a spec without a GCP project', () => {
    expect(() => renderGcpTerraform(spec('aws-small'))).toThrow(/spec\.gcp/);
  });
});
