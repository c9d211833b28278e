import type { EnvironmentPlan } from './environmentPlan';

/** A managed PostgreSQL instance as one environment's Terraform creates it and the estimate prices it. */
export interface PlannedDatabase {
  /** The cloud's instance class, machine tier or SKU. */
  tier: string;
  /** Provisioned storage per copy in GiB. */
  storageGb: number;
  /** A standby in another zone. */
  highAvailability: boolean;
  /** Instances and storage copies billed: the primary, plus the standby. */
  copies: number;
}

/**
 * The PostgreSQL instance of one environment: the preset's tier and storage (or the size the
 * cloud accepts that holds it), with a standby where the environment pays for availability.
 */
export function plannedDatabase(
  plan: EnvironmentPlan,
  storageGb: number = plan.preset.database.storageGb,
): PlannedDatabase {
  const { highAvailability } = plan.profile;
  return {
    tier: plan.preset.database.tier,
    storageGb,
    highAvailability,
    copies: highAvailability ? 2 : 1,
  };
}
