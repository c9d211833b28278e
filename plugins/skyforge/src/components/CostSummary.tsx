import Box from '@material-ui/core/Box';
import type { CurrencyCost } from '@skyforge/plugin-skyforge-common';
import { formatChange, formatCurrency } from '../lib/costFormat';
import { daysInRange } from '../lib/costRange';
import { CostStat } from './CostStat';

/** Total, month-to-date, forecast (with its method) and change versus the previous period. */
export function CostSummary(props: {
  cost: CurrencyCost;
  from: string;
  to: string;
  locale: string;
}) {
  const { cost, from, to, locale } = props;
  const days = daysInRange(from, to);
  const money = (amount: number) =>
    formatCurrency(amount, cost.currency, { locale });
  return (
    <Box display="flex" flexWrap="wrap" gridGap={32}>
      <CostStat
        label={`Total, last ${days} days`}
        value={money(cost.total)}
        detail={`${from} to ${to}`}
      />
      <CostStat label="Month to date" value={money(cost.monthToDate)} />
      <CostStat
        label="Forecast for month end"
        value={money(cost.forecast.monthEnd)}
        detail={`Method: ${cost.forecast.method}`}
      />
      <CostStat
        label="Change vs previous period"
        value={
          cost.changeRatio === undefined
            ? 'n/a'
            : formatChange(cost.changeRatio, { locale })
        }
        detail={`Previous ${days} days: ${money(cost.previousPeriodTotal)}`}
      />
    </Box>
  );
}
