import type { ContainerResources } from '../../spec/containerResources';
import { cpuMillis, memoryMebibytes } from '../../spec/appSettingsSchema';

/** vCPU steps of a container in the Consumption workload profile (0.25 to 4). */
const CPU_STEP = 0.25;
const MAX_CPU = 4;
/** The Consumption profile fixes memory at 2 GiB per vCPU (0.25 vCPU with 0.5Gi, ... 4 vCPU with 8Gi). */
const GIB_PER_CPU = 2;

/** The vCPU and memory of the application's container on Azure Container Apps. */
export interface ContainerAppSize {
  cpu: number;
  memoryGib: number;
  /** Why the size differs from the container limits, for the render warnings; empty when it does not. */
  adjustments: string[];
}

/**
 * The Container Apps size for the application's container limits. The Consumption workload
 * profile takes CPU in 0.25 vCPU steps up to 4 vCPU, each with exactly twice as many GiB of memory
 * (Microsoft Learn, "Containers in Azure Container Apps", allocations of the Consumption
 * profile). The limits are rounded up to the smallest pair holding both, never down.
 */
export function containerAppSize(
  resources: ContainerResources,
): ContainerAppSize {
  const requestedCpu = cpuMillis(resources.limits.cpu) / 1000;
  const requestedGib = memoryMebibytes(resources.limits.memory) / 1024;
  const needed = Math.max(requestedCpu, requestedGib / GIB_PER_CPU);
  const cpu = Math.max(
    CPU_STEP,
    Math.ceil(needed / CPU_STEP - 1e-9) * CPU_STEP,
  );
  if (cpu > MAX_CPU) {
    throw new Error(
      `spec.app.resources.limits (${resources.limits.cpu} CPU, ${resources.limits.memory}) is larger than an Azure Container Apps Consumption container (4 vCPU, 8 GiB)`,
    );
  }
  const memoryGib = cpu * GIB_PER_CPU;
  const adjustments: string[] = [];
  if (cpu !== requestedCpu || memoryGib !== requestedGib) {
    adjustments.push(
      `limits ${resources.limits.cpu} CPU / ${resources.limits.memory} rounded up to ${cpu} vCPU / ${memoryGib}Gi (Container Apps takes 0.25 vCPU steps with 2 GiB per vCPU)`,
    );
  }
  return { cpu, memoryGib, adjustments };
}
