import type {
  CostBreakdownItem,
  CostGroupBy,
  CostPoint,
  CurrencyCost,
  EntityCostResponse,
  EntityHealthResponse,
  FleetResponse,
  StackCheckResponse,
} from '@skyforge/plugin-skyforge-common';
import { DateTime } from 'luxon';
import type {
  GetEntityCostOptions,
  GetEntityHealthOptions,
  GetFleetOptions,
  SkyforgeApi,
} from '../src';
import {
  clusterResponse,
  degradedResponse,
  healthyResponse,
  noClustersResponse,
  oneClusterUnreachableResponse,
  rollUpResponse,
} from '../src/__fixtures__/entityHealth';
import { fleetResponse } from '../src/__fixtures__/fleet';
import { stackCheckWithFindings } from '../src/__fixtures__/stackCheck';

/** Canned health per entity name; any other name has no cluster. */
const healthByName: Record<string, EntityHealthResponse> = {
  'payments-api': degradedResponse,
  'ledger-worker': healthyResponse,
  checkout: oneClusterUnreachableResponse,
  'payments-prod-aws-cluster': clusterResponse,
  payments: rollUpResponse,
};

/** Share of each breakdown key, per dimension and currency (AWS bills in USD, Azure here in EUR). */
const shares: Record<string, Record<CostGroupBy, Record<string, number>>> = {
  USD: {
    service: {
      'Amazon Elastic Compute Cloud': 0.41,
      'Amazon Relational Database Service': 0.22,
      'Amazon Elastic Kubernetes Service': 0.09,
      'Amazon ElastiCache': 0.08,
      'Amazon Virtual Private Cloud': 0.07,
      'Amazon Simple Storage Service': 0.05,
      AmazonCloudWatch: 0.04,
      'Amazon Elastic Container Registry': 0.02,
      'AWS Key Management Service': 0.02,
    },
    environment: { prod: 0.63, staging: 0.22, dev: 0.15 },
    cloud: { aws: 1 },
    region: { 'us-east-1': 0.93, 'us-west-2': 0.07 },
    source: { 'focus-aws': 0.86, 'opencost-prod': 0.14 },
  },
  EUR: {
    service: {
      'Virtual Machines': 0.48,
      'Azure Database for PostgreSQL': 0.3,
      Storage: 0.12,
      Bandwidth: 0.1,
    },
    environment: { prod: 0.8, dev: 0.2 },
    cloud: { azure: 1 },
    region: { westeurope: 1 },
    source: { 'focus-azure': 1 },
  },
};

/** Deterministic day-to-day variation in [0, 1) derived from the date, so reloads look the same. */
function noise(date: string): number {
  let hash = 0;
  for (const char of date) {
    hash = (hash * 31 + char.charCodeAt(0)) % 9973;
  }
  return hash / 9973;
}

function dailyCost(date: DateTime, base: number): number {
  const weekend = date.weekday >= 6 ? 0.78 : 1;
  const drift = 1 + date.ordinal / 2000;
  const amount =
    base * weekend * drift * (0.92 + 0.16 * noise(date.toISODate()!));
  return Math.round(amount * 100) / 100;
}

function days(from: DateTime, to: DateTime): DateTime[] {
  const result: DateTime[] = [];
  for (let day = from; day <= to; day = day.plus({ days: 1 })) {
    result.push(day);
  }
  return result;
}

function sum(amounts: number[]): number {
  return Math.round(amounts.reduce((a, b) => a + b, 0) * 100) / 100;
}

function currencyCost(options: {
  currency: string;
  base: number;
  from: DateTime;
  to: DateTime;
  granularity: 'day' | 'month';
  groupBy: CostGroupBy;
  monthlyBudget?: number;
}): CurrencyCost {
  const { currency, base, from, to, granularity, groupBy, monthlyBudget } =
    options;
  const range = days(from, to);
  const daily = range.map(day => ({ day, amount: dailyCost(day, base) }));
  const total = sum(daily.map(d => d.amount));

  let series: CostPoint[];
  if (granularity === 'day') {
    series = daily.map(d => ({ date: d.day.toISODate()!, amount: d.amount }));
  } else {
    const months = new Map<string, number>();
    for (const d of daily) {
      const month = d.day.toFormat('yyyy-MM');
      months.set(month, (months.get(month) ?? 0) + d.amount);
    }
    series = [...months].map(([date, amount]) => ({
      date,
      amount: Math.round(amount * 100) / 100,
    }));
  }

  const breakdown: CostBreakdownItem[] = Object.entries(
    shares[currency][groupBy],
  ).map(([key, share]) => ({
    key,
    amount: Math.round(total * share * 100) / 100,
    share,
  }));

  const monthStart = to.startOf('month');
  const monthToDate = sum(
    days(monthStart, to).map(day => dailyCost(day, base)),
  );
  const recent = days(to.minus({ days: 13 }), to).map(day =>
    dailyCost(day, base),
  );
  const meanDaily = sum(recent) / recent.length;
  const remainingDays = to.endOf('month').day - to.day;
  const monthEnd =
    Math.round((monthToDate + meanDaily * remainingDays) * 100) / 100;

  const length = range.length;
  const previousPeriodTotal = sum(
    days(from.minus({ days: length }), from.minus({ days: 1 })).map(day =>
      dailyCost(day, base * 0.93),
    ),
  );

  let budget: CurrencyCost['budget'];
  if (monthlyBudget) {
    const usedRatio = monthToDate / monthlyBudget;
    const forecastRatio = monthEnd / monthlyBudget;
    let status: 'ok' | 'at-risk' | 'over' = 'ok';
    if (usedRatio > 1) {
      status = 'over';
    } else if (forecastRatio > 1) {
      status = 'at-risk';
    }
    budget = {
      monthly: monthlyBudget,
      currency,
      usedRatio,
      forecastRatio,
      status,
    };
  }

  return {
    currency,
    total,
    series,
    breakdown,
    monthToDate,
    forecast: {
      monthEnd,
      method: 'linear: mean daily cost of the last 14 days × remaining days',
    },
    previousPeriodTotal,
    changeRatio:
      previousPeriodTotal === 0 ? undefined : total / previousPeriodTotal - 1,
    budget,
  };
}

/**
 * A canned Skyforge backend for the dev harness only: `payments-api` has AWS cost and a budget,
 * the `payments` System adds Azure cost in EUR, and every other entity has no cost rows. Health:
 * `payments-api` is degraded (an HPA at max, a CrashLoopBackOff pod), `ledger-worker` healthy,
 * `checkout` has an unreachable cluster, `payments-prod-aws-cluster` is a healthy cluster, the
 * `payments` System rolls both up, every other entity is in no cluster. The fleet has a healthy
 * EKS cluster with cost and an unreachable GKE cluster. The policy check always has two findings.
 */
export class CannedSkyforgeApi implements SkyforgeApi {
  async checkStack(): Promise<StackCheckResponse> {
    await new Promise(resolve => setTimeout(resolve, 1_500));
    return stackCheckWithFindings;
  }

  async getFleet(options: GetFleetOptions = {}): Promise<FleetResponse> {
    await new Promise(resolve => setTimeout(resolve, 600));
    return {
      ...fleetResponse,
      clusters: fleetResponse.clusters.filter(
        cluster =>
          (!options.owner || cluster.owner === options.owner) &&
          (!options.cloud || cluster.cloud === options.cloud),
      ),
    };
  }

  async getEntityHealth(
    options: GetEntityHealthOptions,
  ): Promise<EntityHealthResponse> {
    await new Promise(resolve => setTimeout(resolve, 600));
    const { kind, namespace, name } = options.entityRef;
    const canned = healthByName[name] ?? noClustersResponse;
    return {
      ...canned,
      entityRef: `${kind.toLocaleLowerCase('en-US')}:${namespace}/${name}`,
    };
  }

  async getEntityCost(
    options: GetEntityCostOptions,
  ): Promise<EntityCostResponse> {
    // Long enough to see the loading state.
    await new Promise(resolve => setTimeout(resolve, 600));
    const to = options.to
      ? DateTime.fromISO(options.to, { zone: 'utc' })
      : DateTime.utc().startOf('day');
    const from = options.from
      ? DateTime.fromISO(options.from, { zone: 'utc' })
      : to.minus({ days: 29 });
    const granularity = options.granularity ?? 'day';
    const groupBy = options.groupBy ?? 'service';
    const { kind, namespace, name } = options.entityRef;
    const entityRef = `${kind.toLocaleLowerCase('en-US')}:${namespace}/${name}`;

    const currencies: CurrencyCost[] = [];
    if (name === 'payments-api' || name === 'payments') {
      currencies.push(
        currencyCost({
          currency: 'USD',
          base: 142,
          from,
          to,
          granularity,
          groupBy,
          monthlyBudget: 4500,
        }),
      );
    }
    if (name === 'payments') {
      currencies.push(
        currencyCost({
          currency: 'EUR',
          base: 23,
          from,
          to,
          granularity,
          groupBy,
        }),
      );
    }

    return {
      entityRef,
      from: from.toISODate()!,
      to: to.toISODate()!,
      granularity,
      groupBy,
      selectors: [{ entityRef, selector: `skyforge-component=${name}` }],
      hiddenCount: 0,
      currencies,
      sources: [
        {
          id: 'focus-aws',
          type: 'focus',
          lastSuccessAt: to.minus({ hours: 5 }).toISO()!,
          lastAttemptAt: to.minus({ hours: 5 }).toISO()!,
          dataThrough: to.minus({ days: 1 }).toISODate()!,
        },
        {
          id: 'opencost-prod',
          type: 'opencost',
          lastSuccessAt: to.minus({ days: 2 }).toISO()!,
          lastAttemptAt: to.minus({ hours: 1 }).toISO()!,
          lastError:
            'GET http://opencost.opencost:9003/allocation timed out after 30s',
          dataThrough: to.minus({ days: 2 }).toISODate()!,
        },
      ],
    };
  }
}
