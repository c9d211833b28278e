import {
  type LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerService,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { CostAlerter } from './CostAlerter';
import {
  type AnomalyOptions,
  DEFAULT_ANOMALY_OPTIONS,
} from './detectDailyAnomaly';

/** The stable id of the alert task in the scheduler's table. */
export const COST_ALERTS_TASK_ID = 'skyforge-cost-alerts';

/** Every six hours, besides the run after each ingestion. */
export const DEFAULT_COST_ALERTS_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { hours: 6 },
    timeout: { minutes: 15 },
    initialDelay: { minutes: 1 },
  };

/** `skyforge.alerts` with its defaults. */
export interface CostAlertOptions {
  enabled: boolean;
  schedule: SchedulerServiceTaskScheduleDefinition;
  anomaly: AnomalyOptions;
}

export function readCostAlertOptions(config: Config): CostAlertOptions {
  const alerts = config.getOptionalConfig('skyforge.alerts');
  const schedule = alerts?.getOptionalConfig('schedule');
  const anomaly = alerts?.getOptionalConfig('anomaly');
  const read = (
    key: keyof AnomalyOptions,
    rule: 'a positive whole number' | 'a positive number' | 'zero or more',
  ) => {
    const value =
      anomaly?.getOptionalNumber(key) ?? DEFAULT_ANOMALY_OPTIONS[key];
    const valid = {
      'a positive whole number': Number.isInteger(value) && value > 0,
      'a positive number': value > 0,
      'zero or more': value >= 0,
    }[rule];
    if (!valid) {
      throw new Error(
        `Invalid config 'skyforge.alerts.anomaly.${key}': must be ${rule}, got ${value}`,
      );
    }
    return value;
  };
  return {
    enabled: alerts?.getOptionalBoolean('enabled') ?? true,
    schedule: schedule
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
      : DEFAULT_COST_ALERTS_SCHEDULE,
    anomaly: {
      windowDays: read('windowDays', 'a positive whole number'),
      threshold: read('threshold', 'a positive number'),
      minimumIncrease: read('minimumIncrease', 'zero or more'),
      minimumHistoryDays: read('minimumHistoryDays', 'a positive whole number'),
    },
  };
}

/**
 * Runs cost alerts on the Backstage scheduler, on one replica at a time (`scope: 'global'`), on
 * `skyforge.alerts.schedule` and right after each ingestion run ({@link CostAlertScheduler.trigger}).
 */
export class CostAlertScheduler {
  constructor(
    private readonly deps: {
      scheduler: SchedulerService;
      logger: LoggerService;
      alerter: CostAlerter;
      schedule: SchedulerServiceTaskScheduleDefinition;
    },
  ) {}

  async start(): Promise<void> {
    const { scheduler, alerter, schedule } = this.deps;
    await scheduler.scheduleTask({
      id: COST_ALERTS_TASK_ID,
      scope: 'global',
      ...schedule,
      fn: async signal => {
        await alerter.run({ signal });
      },
    });
  }

  /** Runs the alert task now (on whichever replica picks it up). */
  async trigger(): Promise<void> {
    try {
      await this.deps.scheduler.triggerTask(COST_ALERTS_TASK_ID);
    } catch (error) {
      // Already running: the next scheduled run reads the new data.
      this.deps.logger.debug(
        `Cost alerts not triggered: ${(error as Error).message}`,
      );
    }
  }
}
