/**
 * The environments a stack can have, in promotion order.
 *
 * @public
 */
export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
/**
 * One of {@link ENVIRONMENTS}.
 *
 * @public
 */
export type Environment = (typeof ENVIRONMENTS)[number];

/**
 * What an environment means for the infrastructure, independent of cloud and size. Production
 * pays for availability and safety; dev and staging pay for as little as works.
 */
export interface EnvironmentProfile {
  /** One NAT gateway per zone (true) or a single shared one. */
  natPerZone: boolean;
  /** Database standby in another zone, Redis replica with failover, regional GKE control plane. */
  highAvailability: boolean;
  /** Deletion protection on the cluster, database and buckets. */
  deletionProtection: boolean;
  backupRetentionDays: number;
  logRetentionDays: number;
  /** Paid control-plane SLA where the cloud sells one (AKS Standard tier). */
  controlPlaneSla: boolean;
}

export const PROFILES: Record<Environment, EnvironmentProfile> = {
  dev: {
    natPerZone: false,
    highAvailability: false,
    deletionProtection: false,
    backupRetentionDays: 7,
    logRetentionDays: 90,
    controlPlaneSla: false,
  },
  staging: {
    natPerZone: false,
    highAvailability: false,
    deletionProtection: false,
    backupRetentionDays: 7,
    logRetentionDays: 90,
    controlPlaneSla: false,
  },
  prod: {
    natPerZone: true,
    highAvailability: true,
    deletionProtection: true,
    backupRetentionDays: 30,
    logRetentionDays: 365,
    controlPlaneSla: true,
  },
};
