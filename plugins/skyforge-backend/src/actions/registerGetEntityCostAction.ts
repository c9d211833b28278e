import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { COST_GROUP_BY } from '@skyforge/plugin-skyforge-common';
import type { EntityCostService } from '../service/EntityCostService';
import { parseEntityRefInput } from './parseEntityRefInput';

/** The most breakdown items an answer lists per currency. */
const TOP_ITEMS = 10;

/**
 * `skyforge:get-entity-cost` — what a catalog entity (a service, resource, system or group)
 * costs: the total of the last `days` days of data, month to date, the month-end forecast and
 * budget status, and the largest items by `groupBy`. `skyforge.cost.read` on the entity, with
 * the caller's credentials; a roll-up leaves out the parts the caller may not read and says how
 * many.
 */
export function registerGetEntityCostAction(options: {
  actionsRegistry: ActionsRegistryService;
  costService: EntityCostService;
}): void {
  const { actionsRegistry, costService } = options;
  actionsRegistry.register({
    name: 'get-entity-cost',
    title: 'Get the cost of a catalog entity',
    description:
      'What a Backstage catalog entity (Component, Resource, System, Domain or Group) costs in the cloud, from ingested billing data: the total over the last `days` days up to the latest day of data, month to date, the month-end forecast, the monthly budget and whether it is at risk or over, and the largest items grouped by service, environment, cloud, region or source. Amounts are in each currency billed.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'Entity reference, e.g. component:default/checkout or system:default/payments (kind Component and namespace default when left out).',
            ),
          days: z
            .number()
            .int()
            .min(1)
            .max(366)
            .default(30)
            .describe('Days of data up to the latest day (default 30).'),
          groupBy: z
            .enum(COST_GROUP_BY)
            .default('service')
            .describe('Dimension of the breakdown (default service).'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          from: z.string().describe('First day of the period, YYYY-MM-DD.'),
          to: z.string().describe('Last day of the period: the latest data.'),
          hiddenCount: z
            .number()
            .describe(
              'Parts of a roll-up left out because the caller may not read their cost.',
            ),
          currencies: z.array(
            z.object({
              currency: z.string(),
              total: z.number(),
              monthToDate: z.number(),
              forecastMonthEnd: z.number(),
              changeRatio: z
                .number()
                .optional()
                .describe(
                  'Change against the previous period of equal length.',
                ),
              budget: z
                .object({
                  monthly: z.number(),
                  status: z.enum(['ok', 'at-risk', 'over']),
                  usedRatio: z.number(),
                  forecastRatio: z.number(),
                })
                .optional(),
              top: z.array(
                z.object({
                  key: z.string(),
                  amount: z.number(),
                  share: z.number(),
                }),
              ),
            }),
          ),
          sources: z.array(
            z.object({
              id: z.string(),
              dataThrough: z.string().optional(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const cost = await costService.getEntityCost({
        entityRef: parseEntityRefInput(input.entityRef),
        days: input.days,
        granularity: 'day',
        groupBy: input.groupBy,
        credentials,
      });
      return {
        output: {
          entityRef: cost.entityRef,
          from: cost.from,
          to: cost.to,
          hiddenCount: cost.hiddenCount,
          currencies: cost.currencies.map(currency => ({
            currency: currency.currency,
            total: currency.total,
            monthToDate: currency.monthToDate,
            forecastMonthEnd: currency.forecast.monthEnd,
            ...(currency.changeRatio !== undefined && {
              changeRatio: currency.changeRatio,
            }),
            ...(currency.budget && {
              budget: {
                monthly: currency.budget.monthly,
                status: currency.budget.status,
                usedRatio: currency.budget.usedRatio,
                forecastRatio: currency.budget.forecastRatio,
              },
            }),
            top: currency.breakdown
              .slice(0, TOP_ITEMS)
              .map(({ key, amount, share }) => ({ key, amount, share })),
          })),
          sources: cost.sources.map(source => ({
            id: source.id,
            ...(source.dataThrough && { dataThrough: source.dataThrough }),
          })),
        },
      };
    },
  });
}
