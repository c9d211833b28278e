import { attr, type HclBody, type HclValue } from '../../hcl/hcl';
import { type NodePoolPreset, systemPool } from '../../spec/presets';
import { gcpProject } from '../../spec/gcpProject';
import type { Environment } from '../../spec/profiles';
import { resolveEnvironment } from '../../spec/resolveEnvironment';
import type { StackSpec } from '../../spec/stackSpec';
import { stackTags } from '../../tags';

/** terraform.tfvars of an environment root: the preset, profile and spot policy resolved for it. */
export function gcpEnvironmentValues(options: {
  spec: StackSpec;
  environment: Environment;
}): HclBody {
  const { spec, environment } = options;
  const resolved = resolveEnvironment({ spec, cloud: 'gcp', environment });
  const { services, cluster } = spec.spec;
  const { preset, profile } = resolved;
  const projectId = gcpProject({ spec, environment });
  const name = spec.metadata.name;
  const pool = (nodePool: NodePoolPreset) => ({
    machine_type: nodePool.machineTypes[0],
    min_nodes: nodePool.minNodes,
    max_nodes: nodePool.maxNodes,
    disk_size_gb: nodePool.diskGb,
  });
  const values: Array<[string, HclValue | undefined]> = [
    ['project_id', projectId],
    ['region', resolved.region],
    ['environment', environment],
    ['stack_name', name],
    ['network_cidr', spec.spec.network.cidr],
    ['kubernetes_version', cluster.kubernetesVersion],
    ['public_endpoint_cidrs', cluster.publicEndpointCidrs],
    ['high_availability', profile.highAvailability],
    ['deletion_protection', profile.deletionProtection],
    ['backup_retention_days', profile.backupRetentionDays],
    ['system_pool', pool(systemPool(preset))],
    ['application_pool', { ...pool(preset.application), spot: resolved.spot }],
    [
      'gpu_pool',
      resolved.gpu
        ? {
            machine_type: preset.gpu.machineTypes[0],
            accelerator_type: preset.gpu.acceleratorType,
            accelerator_count: preset.gpu.acceleratorCount,
            max_nodes: preset.gpu.maxNodes,
            disk_size_gb: preset.gpu.diskGb,
          }
        : undefined,
    ],
    [
      'database',
      services.postgres
        ? {
            tier: preset.database.tier,
            disk_size_gb: preset.database.storageGb,
          }
        : undefined,
    ],
    [
      'cache',
      services.redis
        ? {
            tier: profile.highAvailability ? 'STANDARD_HA' : preset.cache.tier,
            memory_size_gb: preset.cache.memoryGb,
          }
        : undefined,
    ],
    ['labels', stackTags({ spec, environment })],
  ];
  return values.map(([key, value]) => attr(key, value));
}
