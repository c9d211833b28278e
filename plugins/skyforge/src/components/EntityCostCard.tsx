import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_COST_SELECTOR,
  type CurrencyCost,
} from '@skyforge/plugin-skyforge-common';
import { useEntityCost } from '../hooks';
import {
  costSelectorAnnotation,
  defaultCostSelector,
  hasCostRows,
} from '../lib/costData';
import { defaultLocale, formatChange, formatCurrency } from '../lib/costFormat';
import { BudgetGauge } from './BudgetGauge';
import { CostStat } from './CostStat';
import { useEntityTabLink } from './useEntityTabLink';
import { HiddenByPermissionsNote } from './HiddenByPermissionsNote';

const CARD_DAYS = 30;

/** @public */
export interface EntityCostCardProps {
  /** Path of the Cost tab below the entity page. */
  tabPath?: string;
}

function CurrencySummary(props: {
  cost: CurrencyCost;
  locale: string;
  showCurrency: boolean;
}) {
  const { cost, locale, showCurrency } = props;
  const money = (amount: number) =>
    formatCurrency(amount, cost.currency, { locale });
  return (
    <Box
      component="section"
      aria-label={`Cost in ${cost.currency}`}
      display="flex"
      flexWrap="wrap"
      gridGap={24}
      mb={2}
    >
      {showCurrency && (
        <Typography
          variant="subtitle2"
          component="h3"
          style={{ width: '100%' }}
        >
          {cost.currency}
        </Typography>
      )}
      <CostStat label="Month to date" value={money(cost.monthToDate)} />
      <CostStat
        label="Forecast for month end"
        value={money(cost.forecast.monthEnd)}
        detail={`Method: ${cost.forecast.method}`}
      />
      <CostStat
        label={`Last ${CARD_DAYS} days`}
        value={money(cost.total)}
        detail={
          cost.changeRatio === undefined
            ? undefined
            : `${formatChange(cost.changeRatio, {
                locale,
              })} vs previous ${CARD_DAYS} days`
        }
      />
      {cost.budget && (
        <BudgetGauge budget={cost.budget} locale={locale} size="small" />
      )}
    </Box>
  );
}

/** Overview card: month to date, forecast, last 30 days and budget, linking to the Cost tab. */
export function EntityCostCard(props: EntityCostCardProps) {
  const { entity } = useEntity();
  const locale = defaultLocale();
  const link = useEntityTabLink(entity, props.tabPath ?? 'cost');
  const { value, loading, error } = useEntityCost(entity, {
    days: CARD_DAYS,
    granularity: 'day',
    groupBy: 'service',
  });

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (value && !hasCostRows(value)) {
    const annotation = costSelectorAnnotation(entity);
    body = (
      <Typography variant="body2">
        No cost data in the last {CARD_DAYS} days for the{' '}
        {annotation ? 'selector' : 'default selector'}{' '}
        <code>{annotation ?? defaultCostSelector(entity)}</code>.
        {!annotation && (
          <>
            {' '}
            Set the <code>{ANNOTATION_COST_SELECTOR}</code> annotation if this
            entity&apos;s resources are tagged differently.
          </>
        )}
      </Typography>
    );
  } else if (value) {
    body = (
      <>
        {value.currencies.map(cost => (
          <CurrencySummary
            key={cost.currency}
            cost={cost}
            locale={locale}
            showCurrency={value.currencies.length > 1}
          />
        ))}
        <HiddenByPermissionsNote count={value.hiddenCount} />
      </>
    );
  }

  return (
    <InfoCard
      title="Cost"
      subheader={`Last ${CARD_DAYS} days`}
      deepLink={link ? { link, title: 'View cost details' } : undefined}
    >
      {body}
    </InfoCard>
  );
}
