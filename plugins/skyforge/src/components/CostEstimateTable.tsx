import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { type CostEstimate, formatUsd } from '@skyforge/stack-renderer/cost';
import { CLOUD_NAMES } from '@skyforge/stack-renderer/spec';

function budgetText(budget: NonNullable<CostEstimate['budget']>): string {
  const monthly =
    budget.currency === 'USD'
      ? formatUsd(budget.monthly)
      : `${budget.monthly} ${budget.currency}`;
  switch (budget.status) {
    case 'within':
      return `Within the monthly budget of ${monthly}.`;
    case 'over':
      return `Over the monthly budget of ${monthly}.`;
    default:
      return `The budget of ${monthly} is not compared: the estimate is in USD and is never converted.`;
  }
}

/** Monthly USD per environment (rows) and cloud (columns), with totals. */
export function CostEstimateTable(props: { estimate: CostEstimate }) {
  const { estimate } = props;
  const { byCloudEnvironment, byEnvironment, byCloud, overall } =
    estimate.totals;
  const clouds = byCloud.map(total => total.cloud);
  const cell = (cloud: string, environment: string) =>
    byCloudEnvironment.find(
      total => total.cloud === cloud && total.environment === environment,
    );
  const gpuAtFullScale = estimate.gpuAtFullScale.reduce(
    (sum, pool) => sum + pool.monthly,
    0,
  );
  return (
    <Box>
      <Table size="small" aria-label="Estimated monthly cost">
        <TableHead>
          <TableRow>
            <TableCell>Environment</TableCell>
            {clouds.map(cloud => {
              const region = byCloudEnvironment.find(
                total => total.cloud === cloud,
              )?.region;
              return (
                <TableCell key={cloud} align="right">
                  {CLOUD_NAMES[cloud]}
                  {region && ` (${region})`}
                </TableCell>
              );
            })}
            {clouds.length > 1 && <TableCell align="right">Total</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {byEnvironment.map(({ environment, monthly }) => (
            <TableRow key={environment}>
              <TableCell component="th" scope="row">
                {environment}
              </TableCell>
              {clouds.map(cloud => (
                <TableCell key={cloud} align="right">
                  {formatUsd(cell(cloud, environment)?.monthly ?? 0)}
                </TableCell>
              ))}
              {clouds.length > 1 && (
                <TableCell align="right">{formatUsd(monthly)}</TableCell>
              )}
            </TableRow>
          ))}
          <TableRow>
            <TableCell component="th" scope="row">
              <strong>Total</strong>
            </TableCell>
            {clouds.length > 1 &&
              byCloud.map(({ cloud, monthly }) => (
                <TableCell key={cloud} align="right">
                  {formatUsd(monthly)}
                </TableCell>
              ))}
            <TableCell align="right" aria-label="Total per month">
              <strong>{formatUsd(overall)}</strong>
            </TableCell>
          </TableRow>
        </TableBody>
      </Table>
      <Typography variant="caption" color="textSecondary" component="p">
        USD per month from list prices as of {estimate.pricesAsOf}, with node
        pools at their autoscaling minimum.
        {gpuAtFullScale > 0 &&
          ` The GPU pools scale from zero; at full scale they add up to ${formatUsd(
            gpuAtFullScale,
          )} per month.`}
      </Typography>
      {estimate.budget && (
        <Typography variant="body2" component="p">
          {budgetText(estimate.budget)}
        </Typography>
      )}
    </Box>
  );
}
