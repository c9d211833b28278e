import type { ContainerResources } from '../../spec/containerResources';
import { cpuMillis, memoryMebibytes } from '../../spec/appSettingsSchema';

/** Whole vCPU counts a Cloud Run instance may have with instance-based billing. */
const CLOUD_RUN_CPUS = [1, 2, 4, 6, 8] as const;

/** The smallest memory of the second-generation execution environment. */
const GEN2_MIN_MEMORY_MIB = 512;

/** The most memory each vCPU count allows (MiB). */
const MAX_MEMORY_MIB: Readonly<Record<number, number>> = {
  1: 4 * 1024,
  2: 8 * 1024,
  4: 16 * 1024,
  6: 24 * 1024,
  8: 32 * 1024,
};

/** The vCPU and memory of one Cloud Run instance, and what was rounded to get there. */
export interface CloudRunSize {
  cpu: number;
  memoryMib: number;
  /** Why the size differs from the container limits, for the rendered docs; empty when it does not. */
  adjustments: string[];
}

/**
 * The Cloud Run instance size for the application's container limits. Cloud Run takes whole vCPUs
 * (1, 2, 4, 6 or 8) with instance-based billing (fractions below 1 need request-based billing and a
 * concurrency of 1), at least 512 MiB in the second-generation environment and at most 4 GiB per
 * vCPU (Cloud Run docs, "Configure CPU limits for services" and "Configure memory limits"). The
 * limits are rounded up to the nearest size Cloud Run accepts, never down.
 */
export function cloudRunSize(resources: ContainerResources): CloudRunSize {
  const adjustments: string[] = [];
  const requestedCpu = cpuMillis(resources.limits.cpu) / 1000;
  const requestedMemory = memoryMebibytes(resources.limits.memory);
  const memoryMib = Math.max(requestedMemory, GEN2_MIN_MEMORY_MIB);
  const cpu = CLOUD_RUN_CPUS.find(
    count => count >= requestedCpu && MAX_MEMORY_MIB[count] >= memoryMib,
  );
  if (cpu === undefined) {
    throw new Error(
      `spec.app.resources.limits (${resources.limits.cpu} CPU, ${resources.limits.memory}) is larger than a Cloud Run instance (8 vCPU, 32 GiB)`,
    );
  }
  if (cpu !== requestedCpu) {
    adjustments.push(
      `CPU limit ${resources.limits.cpu} rounded up to ${cpu} vCPU (Cloud Run takes whole vCPUs with instance-based billing)`,
    );
  }
  if (memoryMib !== requestedMemory) {
    adjustments.push(
      `memory limit ${resources.limits.memory} raised to ${GEN2_MIN_MEMORY_MIB}Mi (the second-generation execution environment's minimum)`,
    );
  }
  return { cpu, memoryMib, adjustments };
}
