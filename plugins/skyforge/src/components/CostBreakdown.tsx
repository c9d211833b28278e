import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { useTheme } from '@material-ui/core/styles';
import { Table, type TableColumn } from '@backstage/core-components';
import type {
  CostBreakdownItem,
  CostGroupBy,
} from '@skyforge/plugin-skyforge-common';
import {
  Bar,
  BarChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatCurrency, formatPercent } from '../lib/costFormat';
import { groupByLabel } from './CostControls';

/** How many items the chart shows; the table always lists all of them. */
const CHART_ITEMS = 10;
const BAR_HEIGHT = 28;

type BreakdownRow = CostBreakdownItem & { id: string };

/** The breakdown by the chosen dimension, as a bar chart of the largest items and a full table. */
export function CostBreakdown(props: {
  breakdown: CostBreakdownItem[];
  groupBy: CostGroupBy;
  currency: string;
  locale: string;
}) {
  const { breakdown, groupBy, currency, locale } = props;
  const theme = useTheme();
  const dimension = groupByLabel(groupBy);
  const sorted = [...breakdown].sort((a, b) => b.amount - a.amount);
  const chartItems = sorted.slice(0, CHART_ITEMS);
  const chartHeight = chartItems.length * BAR_HEIGHT + 40;
  // Fresh objects: the table annotates its rows in place.
  const rows: BreakdownRow[] = sorted.map(item => ({ ...item, id: item.key }));
  const columns: TableColumn<BreakdownRow>[] = [
    { title: dimension, field: 'key', highlight: true },
    {
      title: 'Cost',
      field: 'amount',
      type: 'numeric',
      render: row => formatCurrency(row.amount, currency, { locale }),
    },
    {
      title: 'Share',
      field: 'share',
      type: 'numeric',
      render: row => formatPercent(row.share, { locale }),
    },
  ];
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={6}>
        <Box
          role="img"
          aria-label={`Cost by ${dimension.toLocaleLowerCase(
            'en-US',
          )} in ${currency}`}
          width="100%"
          height={chartHeight}
        >
          <ResponsiveContainer
            width="100%"
            height={chartHeight}
            initialDimension={{ width: 480, height: chartHeight }}
          >
            <BarChart
              data={chartItems}
              layout="vertical"
              margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
            >
              <XAxis
                type="number"
                tickFormatter={(amount: number) =>
                  formatCurrency(amount, currency, { locale, compact: true })
                }
              />
              <YAxis type="category" dataKey="key" width={160} />
              <Tooltip
                formatter={amount => [
                  formatCurrency(Number(amount), currency, { locale }),
                  'Cost',
                ]}
              />
              <Bar
                dataKey="amount"
                name="Cost"
                fill={theme.palette.secondary.main}
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        </Box>
      </Grid>
      <Grid item xs={12} md={6}>
        <Table<BreakdownRow>
          title={`By ${dimension.toLocaleLowerCase('en-US')}`}
          options={{
            paging: rows.length > 10,
            pageSize: 10,
            search: false,
            padding: 'dense',
          }}
          columns={columns}
          data={rows}
        />
      </Grid>
    </Grid>
  );
}
