import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_COST_ALERTS_SCHEDULE,
  readCostAlertOptions,
} from './CostAlertScheduler';
import { DEFAULT_ANOMALY_OPTIONS } from './detectDailyAnomaly';

const read = (alerts: object) =>
  readCostAlertOptions(new ConfigReader({ skyforge: { alerts } }));

describe('readCostAlertOptions', () => {
  it('defaults to on, every six hours, with the default anomaly method', () => {
    expect(readCostAlertOptions(new ConfigReader({}))).toEqual({
      enabled: true,
      schedule: DEFAULT_COST_ALERTS_SCHEDULE,
      anomaly: DEFAULT_ANOMALY_OPTIONS,
    });
  });

  it('reads the switch, schedule and anomaly settings', () => {
    expect(
      read({
        enabled: false,
        schedule: { frequency: { hours: 1 }, timeout: { minutes: 5 } },
        anomaly: { windowDays: 14, threshold: 5, minimumIncrease: 0 },
      }),
    ).toEqual({
      enabled: false,
      schedule: { frequency: { hours: 1 }, timeout: { minutes: 5 } },
      anomaly: {
        windowDays: 14,
        threshold: 5,
        minimumIncrease: 0,
        minimumHistoryDays: 7,
      },
    });
  });

  it('names the setting and the rule it breaks', () => {
    expect(() => read({ anomaly: { windowDays: 2.5 } })).toThrow(
      "Invalid config 'skyforge.alerts.anomaly.windowDays': must be a positive whole number, got 2.5",
    );
    expect(() => read({ anomaly: { threshold: 0 } })).toThrow(
      "Invalid config 'skyforge.alerts.anomaly.threshold': must be a positive number, got 0",
    );
    expect(() => read({ anomaly: { minimumIncrease: -1 } })).toThrow(
      "Invalid config 'skyforge.alerts.anomaly.minimumIncrease': must be zero or more, got -1",
    );
  });
});
