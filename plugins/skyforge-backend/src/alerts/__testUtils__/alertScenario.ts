import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { addDays, enumerateDays } from '../../util/dates';
import {
  type FocusTestRecord,
  writeFocusCsv,
} from '../../__testUtils__/focusFiles';

function component(name: string, owner: string, budget: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'skyforge.io/cost-selector': `application=${name}`,
        'skyforge.io/budget': budget,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}

/** The last day of data in {@link writeAlertScenario}'s file. */
export const LAST_DAY = '2024-09-15';

/**
 * Two services, costed from one FOCUS file up to {@link LAST_DAY}:
 * - `checkout` (owned by payments, budget 100 USD) costs 5 USD a day from 1 September, so 75 USD
 *   by the 15th and a month-end forecast of 150 USD: its forecast crosses its budget;
 * - `search` (owned by platform, budget 2000 USD) costs 20 USD a day since 1 August and 200 USD
 *   on the 15th: a daily anomaly, well within budget.
 */
export const ALERT_SCENARIO_ENTITIES: Entity[] = [
  component('checkout', 'payments', '100 USD'),
  component('search', 'group:default/platform', '2000 USD'),
];

export function writeAlertScenario(): string {
  const records: FocusTestRecord[] = [];
  for (const day of enumerateDays('2024-09-01', LAST_DAY)) {
    records.push({
      ChargePeriodStart: `${day}T00:00:00Z`,
      EffectiveCost: '5',
      Tags: { application: 'checkout' },
    });
  }
  for (const day of enumerateDays('2024-08-01', addDays(LAST_DAY, -1))) {
    records.push({
      ChargePeriodStart: `${day}T00:00:00Z`,
      EffectiveCost: '20',
      ServiceName: 'Amazon OpenSearch Service',
      Tags: { application: 'search' },
    });
  }
  records.push({
    ChargePeriodStart: `${LAST_DAY}T00:00:00Z`,
    EffectiveCost: '200',
    ServiceName: 'Amazon OpenSearch Service',
    Tags: { application: 'search' },
  });
  const file = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'skyforge-alerts-')),
    'focus.csv',
  );
  writeFocusCsv(file, records);
  return file;
}
