/**
 * The CPU (units, 1024 per vCPU) and memory (MiB) combinations a Linux Fargate task accepts
 * (Amazon ECS Developer Guide, "Amazon ECS task definition parameters for Fargate", task size).
 */
const FARGATE_SIZES: ReadonlyArray<{
  cpu: number;
  memory: { from: number; to: number; step: number };
}> = [
  { cpu: 256, memory: { from: 512, to: 2048, step: 512 } },
  { cpu: 512, memory: { from: 1024, to: 4096, step: 1024 } },
  { cpu: 1024, memory: { from: 2048, to: 8192, step: 1024 } },
  { cpu: 2048, memory: { from: 4096, to: 16384, step: 1024 } },
  { cpu: 4096, memory: { from: 8192, to: 30720, step: 1024 } },
  { cpu: 8192, memory: { from: 16384, to: 61440, step: 4096 } },
  { cpu: 16384, memory: { from: 32768, to: 122880, step: 8192 } },
];

/** A Kubernetes CPU quantity (`500m`, `2`) in millicores. */
function millicores(quantity: string): number {
  return quantity.endsWith('m')
    ? Number(quantity.slice(0, -1))
    : Math.round(Number(quantity) * 1000);
}

const MEMORY_UNITS: Record<string, number> = {
  Ki: 1 / 1024,
  Mi: 1,
  Gi: 1024,
  Ti: 1024 * 1024,
  k: 1000 / 1024 / 1024,
  M: 1000_000 / 1024 / 1024,
  G: 1000_000_000 / 1024 / 1024,
};

/** A Kubernetes memory quantity (`512Mi`, `1Gi`, `1G`) in MiB. */
function mebibytes(quantity: string): number {
  const match = /^([0-9.]+)([A-Za-z]*)$/.exec(quantity);
  if (!match) throw new Error(`Not a memory quantity: ${quantity}`);
  const unit = match[2] === '' ? 1 / 1024 / 1024 : MEMORY_UNITS[match[2]];
  if (unit === undefined) throw new Error(`Unknown memory unit in ${quantity}`);
  return Number(match[1]) * unit;
}

/** A Fargate task size: what the task definition declares and Fargate bills. */
export interface FargateTaskSize {
  /** CPU units (1024 per vCPU). */
  cpu: number;
  /** MiB. */
  memory: number;
}

/**
 * The smallest Fargate task size that holds a container's CPU and memory, given as Kubernetes
 * quantities: the smallest CPU tier at or above the CPU, then that tier's smallest memory at or
 * above the memory (a bigger tier when none is).
 */
export function fargateTaskSize(options: {
  cpu: string;
  memory: string;
}): FargateTaskSize {
  const cpuUnits = (millicores(options.cpu) * 1024) / 1000;
  const memory = mebibytes(options.memory);
  for (const size of FARGATE_SIZES) {
    if (size.cpu < cpuUnits) continue;
    const { from, to, step } = size.memory;
    if (memory > to) continue;
    const steps = Math.max(0, Math.ceil((memory - from) / step));
    return { cpu: size.cpu, memory: from + steps * step };
  }
  throw new Error(
    `No Fargate task size holds ${options.cpu} CPU and ${options.memory} memory (at most 16 vCPU and 120 GiB)`,
  );
}
