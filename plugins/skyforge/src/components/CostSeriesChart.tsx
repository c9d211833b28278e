import Box from '@material-ui/core/Box';
import { useTheme } from '@material-ui/core/styles';
import type {
  CostGranularity,
  CostPoint,
} from '@skyforge/plugin-skyforge-common';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatCurrency, formatPeriod } from '../lib/costFormat';

const HEIGHT = 280;

/** Cost per day (or month) over the selected range, in one currency. */
export function CostSeriesChart(props: {
  series: CostPoint[];
  currency: string;
  granularity: CostGranularity;
  from: string;
  to: string;
  locale: string;
  height?: number;
}) {
  const { series, currency, granularity, from, to, locale } = props;
  const height = props.height ?? HEIGHT;
  const theme = useTheme();
  const label = `${
    granularity === 'day' ? 'Daily' : 'Monthly'
  } cost in ${currency} from ${from} to ${to}`;
  return (
    <Box role="img" aria-label={label} width="100%" height={height}>
      {/* The initial size lets the chart draw before the first measurement (and where there is
          no ResizeObserver); the container then follows its parent's width. */}
      <ResponsiveContainer
        width="100%"
        height={height}
        initialDimension={{ width: 720, height }}
      >
        <BarChart
          data={series}
          margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="date"
            tickFormatter={(date: string) => formatPeriod(date, { locale })}
            minTickGap={16}
          />
          <YAxis
            width={80}
            tickFormatter={(amount: number) =>
              formatCurrency(amount, currency, { locale, compact: true })
            }
          />
          <Tooltip
            labelFormatter={date => formatPeriod(String(date), { locale })}
            formatter={amount => [
              formatCurrency(Number(amount), currency, { locale }),
              'Cost',
            ]}
          />
          <Bar
            dataKey="amount"
            name="Cost"
            fill={theme.palette.primary.main}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
}
