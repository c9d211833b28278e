import Grid from '@material-ui/core/Grid';
import { InfoCard } from '@backstage/core-components';
import type {
  CostGranularity,
  CostGroupBy,
  CurrencyCost,
} from '@skyforge/plugin-skyforge-common';
import { BudgetGauge } from './BudgetGauge';
import { CostBreakdown } from './CostBreakdown';
import { groupByLabel } from './CostControls';
import { CostSeriesChart } from './CostSeriesChart';
import { CostSummary } from './CostSummary';

/** Everything the Cost tab shows for one currency. */
export function CurrencyCostSection(props: {
  cost: CurrencyCost;
  from: string;
  to: string;
  granularity: CostGranularity;
  groupBy: CostGroupBy;
  locale: string;
}) {
  const { cost, from, to, granularity, groupBy, locale } = props;
  return (
    <Grid
      container
      spacing={3}
      component="section"
      aria-label={`Cost in ${cost.currency}`}
    >
      <Grid item xs={12} md={cost.budget ? 9 : 12}>
        <InfoCard title={`Cost in ${cost.currency}`}>
          <CostSummary cost={cost} from={from} to={to} locale={locale} />
        </InfoCard>
      </Grid>
      {cost.budget && (
        <Grid item xs={12} md={3}>
          <InfoCard title="Budget">
            <BudgetGauge
              budget={cost.budget}
              locale={locale}
              showTitle={false}
            />
          </InfoCard>
        </Grid>
      )}
      <Grid item xs={12}>
        <InfoCard
          title={granularity === 'day' ? 'Daily cost' : 'Monthly cost'}
          subheader={cost.currency}
        >
          <CostSeriesChart
            series={cost.series}
            currency={cost.currency}
            granularity={granularity}
            from={from}
            to={to}
            locale={locale}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title={`Cost by ${groupByLabel(groupBy).toLocaleLowerCase('en-US')}`}
          subheader={cost.currency}
        >
          <CostBreakdown
            breakdown={cost.breakdown}
            groupBy={groupBy}
            currency={cost.currency}
            locale={locale}
          />
        </InfoCard>
      </Grid>
    </Grid>
  );
}
