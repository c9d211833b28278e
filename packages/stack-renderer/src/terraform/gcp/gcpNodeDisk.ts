import type { PlannedCustomPool } from '../../plan/environmentPlan';

/** The Persistent Disk types a custom pool's boot disk may get on GKE. */
export type GcpNodeDiskType = 'pd-balanced' | 'pd-ssd';

/**
 * Persistent Disk performance per volume: a baseline plus a share per GB (Compute Engine
 * "Persistent Disk performance" limits; the VM's own limits by vCPU count apply on top).
 */
const PD_PERFORMANCE: Record<
  GcpNodeDiskType,
  { iops: number; iopsPerGb: number; mbps: number; mbpsPerGb: number }
> = {
  'pd-balanced': { iops: 3000, iopsPerGb: 6, mbps: 140, mbpsPerGb: 0.28 },
  'pd-ssd': { iops: 6000, iopsPerGb: 30, mbps: 240, mbpsPerGb: 0.48 },
};

/** IOPS and MB/s a Persistent Disk of this type and size delivers. */
export function pdPerformance(
  type: GcpNodeDiskType,
  diskGb: number,
): { iops: number; mbps: number } {
  const performance = PD_PERFORMANCE[type];
  return {
    iops: Math.round(performance.iops + performance.iopsPerGb * diskGb),
    mbps: Math.round(performance.mbps + performance.mbpsPerGb * diskGb),
  };
}

/**
 * The boot disk type of a custom pool on GKE, the closest equivalent of its EBS volume. Persistent
 * Disk IOPS and throughput follow the disk's size, not a provisioned figure, so: io2 (provisioned
 * IOPS) becomes pd-ssd; gp3 becomes pd-balanced when a pd-balanced disk of that size reaches the
 * pool's IOPS and throughput, and pd-ssd otherwise. Hyperdisk Balanced (provisioned IOPS) boots
 * only the newer series (C3, C4, N4, ...), none of which the price table lists.
 */
export function gcpNodeDiskType(pool: PlannedCustomPool): GcpNodeDiskType {
  if (pool.diskType === 'io2') return 'pd-ssd';
  const balanced = pdPerformance('pd-balanced', pool.diskGb);
  const fits =
    (pool.diskIops ?? 0) <= balanced.iops &&
    (pool.diskThroughput ?? 0) <= balanced.mbps;
  return fits ? 'pd-balanced' : 'pd-ssd';
}
