import { CLOUD_NAMES } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import { deploymentTargets } from '../spec/deploymentTargets';

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/** A Markdown table of every environment × cloud with its network, size, spot, GPU and HA settings. */
export function environmentsTable(spec: StackSpec): string {
  const rows = deploymentTargets(spec).map(target => {
    const pool = target.preset.application;
    // EKS Auto Mode has no minimum: it runs the nodes the pods request, up to the pool limit.
    const nodes =
      target.cloud === 'aws'
        ? `${pool.machineTypes[0]} × up to ${pool.maxNodes}`
        : `${pool.machineTypes[0]} × ${pool.minNodes}-${pool.maxNodes}`;
    return `| ${target.environment} | ${CLOUD_NAMES[target.cloud]} | ${
      target.region
    } | ${target.cidr} | ${target.size} | ${nodes} | ${yesNo(
      target.spot,
    )} | ${yesNo(target.gpu)} | ${yesNo(
      target.profile.highAvailability,
    )} | ${yesNo(target.profile.deletionProtection)} | ${target.hpa.min}-${
      target.hpa.max
    } |`;
  });
  return [
    '| Environment | Cloud | Region | Network | Size | Application nodes | Spot | GPU | High availability | Deletion protection | Replicas (HPA) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
