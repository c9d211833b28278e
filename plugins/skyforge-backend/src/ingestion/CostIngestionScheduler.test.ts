import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { CostIngester } from './CostIngester';
import {
  COST_INGESTION_TASK_ID,
  CostIngestionScheduler,
  DEFAULT_COST_INGESTION_SCHEDULE,
} from './CostIngestionScheduler';
import { StaticCostSource } from '../__testUtils__/testSources';
import { fixedClock } from '../util/clock';
import type { CostStore } from '../database/CostStore';

function setup(config: object, sources = [new StaticCostSource('s', [])]) {
  const scheduler = mockServices.scheduler.mock();
  const lifecycle = mockServices.lifecycle.mock();
  const ingestAll = jest.fn(async () => []);
  const ingester = CostIngester.create({
    store: {} as CostStore,
    sources,
    logger: mockServices.logger.mock(),
    clock: fixedClock('2024-09-01T00:00:00Z'),
  });
  ingester.ingestAll = ingestAll;
  const costScheduler = CostIngestionScheduler.fromConfig(
    new ConfigReader(config),
    {
      scheduler,
      lifecycle,
      logger: mockServices.logger.mock(),
      ingester,
    },
  );
  return { scheduler, lifecycle, ingestAll, costScheduler };
}

describe('CostIngestionScheduler', () => {
  it('schedules one global task with a stable id and the default schedule, and runs it at start-up', async () => {
    const { scheduler, lifecycle, ingestAll, costScheduler } = setup({});
    await costScheduler.start();
    expect(scheduler.scheduleTask).toHaveBeenCalledTimes(1);
    const task = scheduler.scheduleTask.mock.calls[0][0];
    expect(task).toMatchObject({
      id: 'skyforge-cost-ingestion',
      scope: 'global',
      ...DEFAULT_COST_INGESTION_SCHEDULE,
    });
    const signal = new AbortController().signal;
    await task.fn(signal);
    expect(ingestAll).toHaveBeenCalledWith({ signal });

    expect(lifecycle.addStartupHook).toHaveBeenCalledTimes(1);
    await lifecycle.addStartupHook.mock.calls[0][0]();
    expect(scheduler.triggerTask).toHaveBeenCalledWith(COST_INGESTION_TASK_ID);
  });

  it('reads the schedule from skyforge.cost.schedule and can skip the start-up run', async () => {
    const { scheduler, lifecycle, costScheduler } = setup({
      skyforge: {
        cost: {
          runOnStartup: false,
          schedule: {
            frequency: { minutes: 30 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 10 },
          },
        },
      },
    });
    await costScheduler.start();
    expect(scheduler.scheduleTask.mock.calls[0][0]).toMatchObject({
      frequency: { minutes: 30 },
      timeout: { minutes: 5 },
      initialDelay: { seconds: 10 },
    });
    expect(lifecycle.addStartupHook).not.toHaveBeenCalled();
  });

  it('schedules nothing without sources', async () => {
    const { scheduler, costScheduler } = setup({}, []);
    await costScheduler.start();
    expect(scheduler.scheduleTask).not.toHaveBeenCalled();
  });
});
