import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Gauge, type GaugePropsGetColor } from '@backstage/core-components';
import type { CostBudgetStatus } from '@skyforge/plugin-skyforge-common';
import { formatCurrency, formatPercent } from '../lib/costFormat';

const statusLabels: Record<CostBudgetStatus['status'], string> = {
  ok: 'On track',
  'at-risk': 'At risk',
  over: 'Over budget',
};

/** Month-to-date spend against the monthly budget, coloured by the backend's budget status. */
export function BudgetGauge(props: {
  budget: CostBudgetStatus;
  locale: string;
  size?: 'normal' | 'small';
  /** Off where the surrounding card already says "Budget". */
  showTitle?: boolean;
}) {
  const { budget, locale, size = 'normal', showTitle = true } = props;
  // The colour follows the backend's status (which also weighs the forecast), not the fill level.
  const getColor: GaugePropsGetColor = ({ palette }) => {
    if (budget.status === 'over') return palette.status.error;
    if (budget.status === 'at-risk') return palette.status.warning;
    return palette.status.ok;
  };
  return (
    <Box
      role="group"
      aria-label="Budget"
      maxWidth={size === 'small' ? 160 : 220}
    >
      {showTitle && (
        <Typography variant="overline" color="textSecondary" component="p">
          Budget
        </Typography>
      )}
      <Gauge
        value={Math.min(Math.max(budget.usedRatio, 0), 1)}
        fractional
        size={size}
        getColor={getColor}
      />
      <Typography variant="body2" component="p">
        {formatPercent(budget.usedRatio, { locale })} of{' '}
        {formatCurrency(budget.monthly, budget.currency, { locale })} monthly
        budget used
      </Typography>
      <Typography variant="caption" color="textSecondary" component="p">
        {statusLabels[budget.status]}: forecast{' '}
        {formatPercent(budget.forecastRatio, { locale })} of budget
      </Typography>
    </Box>
  );
}
