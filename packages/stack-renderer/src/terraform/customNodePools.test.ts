import { parse } from '@cdktn/hcl2json';
import { planEnvironment } from '../plan/environmentPlan';
import { parseStackSpec } from '../spec/stackSpec';
import { exampleSpecs } from '../testing/exampleSpecs';
import { renderAzureTerraform } from './azure/renderAzureTerraform';
import { gcpNodeDiskType } from './gcp/gcpNodeDisk';
import { renderGcpTerraform } from './gcp/renderGcpTerraform';

// Parsed HCL (hcl2json) has no static shape; the assertions below check it.
type Json = { [key: string]: any };

/*
 * The custom node pools of spec.cluster.nodePools on GKE and AKS, read from the rendered HCL of
 * the ml-platform example (no google or azurerm provider binary exists here, so no terraform
 * validate or test: the provider-schema tests of both clouds check names and nesting).
 */
const mlPlatform = parseStackSpec(structuredClone(exampleSpecs['ml-platform']));

async function hcl(files: Record<string, string>, path: string): Promise<Json> {
  return (await parse(path, files[path])) as Json;
}

describe('custom node pools on GKE', () => {
  const files = renderGcpTerraform(mlPlatform);

  it('renders one google_container_node_pool per pool instead of the preset system and application pools', async () => {
    const module = await hcl(files, 'infra/modules/cluster/gcp/main.tf');
    const pools = module.resource.google_container_node_pool;
    expect(Object.keys(pools).sort()).toEqual(['custom', 'gpu']);
    const [custom] = pools.custom;
    expect(custom.for_each).toBe('${var.node_pools}');
    expect(custom.autoscaling[0]).toMatchObject({
      total_min_node_count: '${each.value.min_nodes}',
      total_max_node_count: '${each.value.max_nodes}',
    });
    expect(custom.management[0]).toEqual({
      auto_repair: true,
      auto_upgrade: true,
    });
    const node = custom.node_config[0];
    expect(node).toMatchObject({
      machine_type: '${each.value.machine_type}',
      spot: '${each.value.spot}',
      disk_type: '${each.value.disk_type}',
      service_account: '${google_service_account.nodes.email}',
      workload_metadata_config: [{ mode: 'GKE_METADATA' }],
      shielded_instance_config: [
        { enable_secure_boot: true, enable_integrity_monitoring: true },
      ],
    });
    expect(node.dynamic.taint[0].for_each).toBe('${each.value.taints}');
    expect(custom.lifecycle[0].ignore_changes).toEqual([
      '${initial_node_count}',
    ]);
  });

  it('writes each pool to terraform.tfvars with its machine type, counts, spot, disk and taints', async () => {
    const tfvars = await hcl(files, 'infra/envs/prod/gcp/terraform.tfvars');
    expect(tfvars.node_pools.features).toEqual({
      machine_type: 'n2-highmem-8',
      min_nodes: 0,
      desired_nodes: 2,
      max_nodes: 6,
      spot: true,
      disk_type: 'pd-balanced',
      disk_size_gb: 500,
      labels: { workload: 'features' },
      taints: [{ key: 'workload', value: 'features', effect: 'NO_SCHEDULE' }],
    });
    expect(tfvars.system_pool).toBeUndefined();
    expect(tfvars.application_pool).toBeUndefined();
    const root = await hcl(files, 'infra/envs/prod/gcp/main.tf');
    expect(root.module.cluster[0].node_pools).toBe('${var.node_pools}');
  });

  it('maps EBS volumes to the Persistent Disk that reaches their IOPS and throughput', () => {
    const [features] = planEnvironment({
      spec: mlPlatform,
      cloud: 'gcp',
      environment: 'prod',
    }).nodePools.custom!.filter(pool => pool.name === 'features');
    // pd-balanced at 500 GB: 3,000 + 6 × 500 = 6,000 IOPS and 140 + 0.28 × 500 = 280 MB/s.
    expect(gcpNodeDiskType(features)).toBe('pd-balanced');
    expect(gcpNodeDiskType({ ...features, diskIops: 6001 })).toBe('pd-ssd');
    expect(gcpNodeDiskType({ ...features, diskThroughput: 281 })).toBe(
      'pd-ssd',
    );
    expect(
      gcpNodeDiskType({ ...features, diskType: 'io2', diskIops: 1000 }),
    ).toBe('pd-ssd');
  });
});

describe('custom node pools on AKS', () => {
  const files = renderAzureTerraform(mlPlatform);

  it('makes the system pool the default node pool, for critical add-ons only', async () => {
    const module = await hcl(files, 'infra/modules/cluster/azure/main.tf');
    const [pool] =
      module.resource.azurerm_kubernetes_cluster.this[0].default_node_pool;
    expect(pool).toMatchObject({
      name: 'system',
      vm_size: '${var.node_pools["system"].vm_size}',
      node_count: '${var.node_pools["system"].node_count}',
      min_count: '${var.node_pools["system"].min_count}',
      max_count: '${var.node_pools["system"].max_count}',
      os_disk_type: 'Managed',
      only_critical_addons_enabled: true,
      auto_scaling_enabled: true,
      host_encryption_enabled: true,
      vnet_subnet_id: '${var.nodes_subnet_id}',
    });
  });

  it('renders the other pools as user node pools with Spot priority where asked', async () => {
    const module = await hcl(files, 'infra/modules/cluster/azure/main.tf');
    const pools = module.resource.azurerm_kubernetes_cluster_node_pool;
    expect(Object.keys(pools).sort()).toEqual(['custom', 'gpu']);
    const [custom] = pools.custom;
    expect(custom.for_each).toBe(
      '${{ for name, pool in var.node_pools : name => pool if name != "system" }}',
    );
    expect(custom).toMatchObject({
      mode: 'User',
      vm_size: '${each.value.vm_size}',
      node_count: '${each.value.node_count}',
      priority: '${each.value.spot ? "Spot" : "Regular"}',
      eviction_policy: '${each.value.spot ? "Delete" : null}',
      spot_max_price: '${each.value.spot ? -1 : null}',
      zones: ['1', '2', '3'],
      vnet_subnet_id: '${var.nodes_subnet_id}',
      os_disk_type: 'Managed',
    });
    expect(custom.node_taints).toBe(
      '${concat(each.value.taints, each.value.spot ? ["kubernetes.azure.com/scalesetpriority=spot:NoSchedule"] : [])}',
    );
    const tfvars = await hcl(files, 'infra/envs/prod/azure/terraform.tfvars');
    expect(tfvars.node_pools.features).toEqual({
      vm_size: 'Standard_E8s_v5',
      min_count: 0,
      node_count: 2,
      max_count: 6,
      spot: true,
      os_disk_size_gb: 500,
      labels: { workload: 'features' },
      taints: ['workload=features:NoSchedule'],
    });
    expect(tfvars.node_pools.system.spot).toBe(false);
  });
});
