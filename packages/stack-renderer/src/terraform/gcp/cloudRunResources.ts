import type { ContainerResources } from '../../spec/containerResources';
import { cpuMillis, memoryMebibytes } from '../../spec/appSettingsSchema';
import { appSettings } from '../../spec/appSettings';
import type { Environment } from '../../spec/profiles';
import type { StackSpec } from '../../spec/stackSpec';

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

/** An instance with an NVIDIA L4 needs at least 4 vCPU and 16 GiB (Cloud Run docs, "Configure GPUs"). */
export const CLOUD_RUN_GPU_MIN = { cpu: 4, memoryMib: 16 * 1024 } as const;

/** The GPU Cloud Run attaches, one per instance (`node_selector.accelerator`). */
export const CLOUD_RUN_GPU_ACCELERATOR = 'nvidia-l4';

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
export function cloudRunSize(
  resources: ContainerResources,
  options: { gpu?: boolean } = {},
): CloudRunSize {
  const adjustments: string[] = [];
  const requestedCpu = cpuMillis(resources.limits.cpu) / 1000;
  const requestedMemory = memoryMebibytes(resources.limits.memory);
  const minimum = options.gpu
    ? CLOUD_RUN_GPU_MIN
    : { cpu: 0, memoryMib: GEN2_MIN_MEMORY_MIB };
  const memoryMib = Math.max(requestedMemory, minimum.memoryMib);
  const cpu = CLOUD_RUN_CPUS.find(
    count =>
      count >= Math.max(requestedCpu, minimum.cpu) &&
      MAX_MEMORY_MIB[count] >= memoryMib,
  );
  if (cpu === undefined) {
    throw new Error(
      `spec.app.resources.limits (${resources.limits.cpu} CPU, ${resources.limits.memory}) is larger than a Cloud Run instance (8 vCPU, 32 GiB)`,
    );
  }
  if (cpu !== requestedCpu) {
    adjustments.push(
      options.gpu && requestedCpu < CLOUD_RUN_GPU_MIN.cpu
        ? `CPU limit ${resources.limits.cpu} raised to ${cpu} vCPU (an instance with a GPU needs at least ${CLOUD_RUN_GPU_MIN.cpu})`
        : `CPU limit ${resources.limits.cpu} rounded up to ${cpu} vCPU (Cloud Run takes whole vCPUs with instance-based billing)`,
    );
  }
  if (memoryMib !== requestedMemory) {
    adjustments.push(
      options.gpu
        ? `memory limit ${resources.limits.memory} raised to ${memoryMib}Mi (an instance with a GPU needs at least 16 GiB)`
        : `memory limit ${resources.limits.memory} raised to ${GEN2_MIN_MEMORY_MIB}Mi (the second-generation execution environment's minimum)`,
    );
  }
  return { cpu, memoryMib, adjustments };
}

/**
 * The instance size of one serverless GCP environment: its container limits, with a GPU's minimum
 * where spec.app.gpu asks for one (every instance then has an NVIDIA L4).
 */
export function cloudRunTargetSize(
  spec: StackSpec,
  environment: Environment,
): CloudRunSize {
  return cloudRunSize(appSettings({ spec, environment }).resources, {
    gpu: spec.spec.app.gpu,
  });
}
