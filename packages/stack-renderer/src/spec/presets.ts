import type { Cloud } from './regions';

/**
 * Size presets: the same capacity on every cloud.
 *
 * @public
 */
export const SIZES = ['small', 'medium', 'large'] as const;
/**
 * One of {@link SIZES}.
 *
 * @public
 */
export type Size = (typeof SIZES)[number];

/** A node pool's machine shape and autoscaling bounds. */
export interface NodePoolPreset {
  /** Machine types; the first is preferred, the rest widen spot capacity. */
  machineTypes: readonly string[];
  minNodes: number;
  maxNodes: number;
  diskGb: number;
}

export interface GpuPoolPreset extends NodePoolPreset {
  /** GCP accelerator type; empty where the machine type implies the GPU. */
  acceleratorType: string;
  acceleratorCount: number;
}

/** Concrete sizes for one cloud and one size preset. */
export interface CloudPreset {
  /** Absent on AWS: EKS Auto Mode runs the cluster's system components itself. */
  system?: NodePoolPreset;
  application: NodePoolPreset;
  gpu: GpuPoolPreset;
  database: { tier: string; storageGb: number };
  cache: { tier: string; memoryGb: number };
}

/** The system pool of a GKE or AKS preset. */
export function systemPool(preset: CloudPreset): NodePoolPreset {
  if (!preset.system)
    throw new Error('This preset has no system pool (EKS Auto Mode runs none)');
  return preset.system;
}

/**
 * Size presets per cloud. Picked so that a preset means the same capacity on every cloud
 * (vCPU and memory per node, database and cache class); the package README shows this table.
 * AWS runs EKS Auto Mode: no system pool, and no application minimum (nodes follow the pods).
 */
export const PRESETS: Record<Cloud, Record<Size, CloudPreset>> = {
  aws: {
    small: {
      application: {
        machineTypes: ['m6i.large', 'm6a.large', 'm5.large'],
        minNodes: 0,
        maxNodes: 5,
        diskGb: 50,
      },
      gpu: {
        machineTypes: ['g5.xlarge'],
        minNodes: 0,
        maxNodes: 2,
        diskGb: 100,
        acceleratorType: '',
        acceleratorCount: 1,
      },
      database: { tier: 'db.t4g.medium', storageGb: 50 },
      cache: { tier: 'cache.t4g.small', memoryGb: 1.37 },
    },
    medium: {
      application: {
        machineTypes: ['m6i.xlarge', 'm6a.xlarge', 'm5.xlarge'],
        minNodes: 0,
        maxNodes: 10,
        diskGb: 100,
      },
      gpu: {
        machineTypes: ['g5.2xlarge'],
        minNodes: 0,
        maxNodes: 4,
        diskGb: 200,
        acceleratorType: '',
        acceleratorCount: 1,
      },
      database: { tier: 'db.r6g.large', storageGb: 100 },
      cache: { tier: 'cache.r6g.large', memoryGb: 13.07 },
    },
    large: {
      application: {
        machineTypes: ['m6i.2xlarge', 'm6a.2xlarge', 'm5.2xlarge'],
        minNodes: 0,
        maxNodes: 30,
        diskGb: 100,
      },
      gpu: {
        machineTypes: ['g5.4xlarge'],
        minNodes: 0,
        maxNodes: 8,
        diskGb: 200,
        acceleratorType: '',
        acceleratorCount: 1,
      },
      database: { tier: 'db.r6g.2xlarge', storageGb: 500 },
      cache: { tier: 'cache.r6g.xlarge', memoryGb: 26.32 },
    },
  },
  gcp: {
    small: {
      system: {
        machineTypes: ['e2-standard-2'],
        minNodes: 1,
        maxNodes: 2,
        diskGb: 50,
      },
      application: {
        machineTypes: ['n2-standard-2'],
        minNodes: 1,
        maxNodes: 5,
        diskGb: 50,
      },
      gpu: {
        machineTypes: ['n1-standard-4'],
        minNodes: 0,
        maxNodes: 2,
        diskGb: 100,
        acceleratorType: 'nvidia-tesla-t4',
        acceleratorCount: 1,
      },
      database: { tier: 'db-custom-2-7680', storageGb: 50 },
      cache: { tier: 'BASIC', memoryGb: 1 },
    },
    medium: {
      system: {
        machineTypes: ['e2-standard-2'],
        minNodes: 1,
        maxNodes: 2,
        diskGb: 50,
      },
      application: {
        machineTypes: ['n2-standard-4'],
        minNodes: 2,
        maxNodes: 10,
        diskGb: 100,
      },
      gpu: {
        machineTypes: ['g2-standard-8'],
        minNodes: 0,
        maxNodes: 4,
        diskGb: 200,
        acceleratorType: 'nvidia-l4',
        acceleratorCount: 1,
      },
      database: { tier: 'db-custom-4-15360', storageGb: 100 },
      cache: { tier: 'STANDARD_HA', memoryGb: 5 },
    },
    large: {
      system: {
        machineTypes: ['e2-standard-4'],
        minNodes: 1,
        maxNodes: 3,
        diskGb: 100,
      },
      application: {
        machineTypes: ['n2-standard-8'],
        minNodes: 3,
        maxNodes: 30,
        diskGb: 100,
      },
      gpu: {
        machineTypes: ['g2-standard-16'],
        minNodes: 0,
        maxNodes: 8,
        diskGb: 200,
        acceleratorType: 'nvidia-l4',
        acceleratorCount: 1,
      },
      database: { tier: 'db-custom-8-30720', storageGb: 500 },
      cache: { tier: 'STANDARD_HA', memoryGb: 16 },
    },
  },
  azure: {
    small: {
      system: {
        machineTypes: ['Standard_D2s_v5'],
        minNodes: 2,
        maxNodes: 3,
        diskGb: 64,
      },
      application: {
        machineTypes: ['Standard_D2s_v5'],
        minNodes: 1,
        maxNodes: 5,
        diskGb: 64,
      },
      gpu: {
        machineTypes: ['Standard_NC4as_T4_v3'],
        minNodes: 0,
        maxNodes: 2,
        diskGb: 128,
        acceleratorType: '',
        acceleratorCount: 1,
      },
      database: { tier: 'GP_Standard_D2ds_v5', storageGb: 64 },
      cache: { tier: 'Balanced_B1', memoryGb: 1 },
    },
    medium: {
      system: {
        machineTypes: ['Standard_D2s_v5'],
        minNodes: 2,
        maxNodes: 3,
        diskGb: 64,
      },
      application: {
        machineTypes: ['Standard_D4s_v5'],
        minNodes: 2,
        maxNodes: 10,
        diskGb: 128,
      },
      gpu: {
        machineTypes: ['Standard_NC8as_T4_v3'],
        minNodes: 0,
        maxNodes: 4,
        diskGb: 128,
        acceleratorType: '',
        acceleratorCount: 1,
      },
      database: { tier: 'GP_Standard_D4ds_v5', storageGb: 128 },
      cache: { tier: 'Balanced_B5', memoryGb: 6 },
    },
    large: {
      system: {
        machineTypes: ['Standard_D4s_v5'],
        minNodes: 3,
        maxNodes: 5,
        diskGb: 128,
      },
      application: {
        machineTypes: ['Standard_D8s_v5'],
        minNodes: 3,
        maxNodes: 30,
        diskGb: 128,
      },
      gpu: {
        machineTypes: ['Standard_NC24ads_A100_v4'],
        minNodes: 0,
        maxNodes: 8,
        diskGb: 256,
        acceleratorType: '',
        acceleratorCount: 1,
      },
      database: { tier: 'GP_Standard_D8ds_v5', storageGb: 512 },
      cache: { tier: 'Balanced_B10', memoryGb: 12 },
    },
  },
};
