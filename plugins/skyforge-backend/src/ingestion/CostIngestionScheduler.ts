import {
  LifecycleService,
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { CostIngester } from './CostIngester';

/** The stable id of the ingestion task in the scheduler's table. */
export const COST_INGESTION_TASK_ID = 'skyforge-cost-ingestion';

/** Every six hours, at most one hour per run. */
export const DEFAULT_COST_INGESTION_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { hours: 6 },
    timeout: { hours: 1 },
  };

/**
 * Runs cost ingestion on the Backstage scheduler, on one replica at a time (`scope: 'global'`),
 * on the schedule in `skyforge.cost.schedule`, and once right after start-up unless
 * `skyforge.cost.runOnStartup` is false.
 */
export class CostIngestionScheduler {
  static fromConfig(
    config: Config,
    deps: {
      scheduler: SchedulerService;
      lifecycle: LifecycleService;
      logger: LoggerService;
      ingester: CostIngester;
      /** Runs after each ingestion run, e.g. to trigger cost alerts. */
      afterRun?: () => Promise<void>;
    },
  ): CostIngestionScheduler {
    const scheduleConfig = config.getOptionalConfig('skyforge.cost.schedule');
    const schedule = scheduleConfig
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
      : DEFAULT_COST_INGESTION_SCHEDULE;
    const runOnStartup =
      config.getOptionalBoolean('skyforge.cost.runOnStartup') ?? true;
    return new CostIngestionScheduler(deps, schedule, runOnStartup);
  }

  private constructor(
    private readonly deps: {
      scheduler: SchedulerService;
      lifecycle: LifecycleService;
      logger: LoggerService;
      ingester: CostIngester;
      afterRun?: () => Promise<void>;
    },
    private readonly schedule: SchedulerServiceTaskScheduleDefinition,
    private readonly runOnStartup: boolean,
  ) {}

  async start(): Promise<void> {
    const { scheduler, lifecycle, logger, ingester } = this.deps;
    if (ingester.sourceIds.length === 0) {
      logger.info(
        'No cost sources configured (skyforge.cost.sources); cost ingestion is off',
      );
      return;
    }
    await scheduler.scheduleTask({
      id: COST_INGESTION_TASK_ID,
      scope: 'global',
      ...this.schedule,
      fn: async signal => {
        await ingester.ingestAll({ signal });
        await this.deps.afterRun?.();
      },
    });
    if (this.runOnStartup) {
      lifecycle.addStartupHook(async () => {
        try {
          await scheduler.triggerTask(COST_INGESTION_TASK_ID);
        } catch (error) {
          // Another replica is running it right now, which serves the same purpose.
          logger.debug(
            `Cost ingestion not triggered at start-up: ${
              (error as Error).message
            }`,
          );
        }
      });
    }
  }
}
