import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type { NodePoolHealth } from '@skyforge/plugin-skyforge-common';

function bound(value: number | undefined): string {
  return value === undefined ? '–' : String(value);
}

function resources(values: Record<string, string> | undefined): string {
  return values
    ? Object.entries(values)
        .map(([resource, amount]) => `${resource} ${amount}`)
        .join(', ')
    : '';
}

/** The cluster's node pools: readiness, autoscaling bounds and machine types. */
export function NodePoolTable(props: {
  nodePools: NodePoolHealth[];
  cluster: string;
}) {
  const { nodePools, cluster } = props;
  return (
    <Table size="small" aria-label={`Node pools in ${cluster}`}>
      <TableHead>
        <TableRow>
          <TableCell>Node pool</TableCell>
          <TableCell>Ready</TableCell>
          <TableCell>Min / max</TableCell>
          <TableCell>Instance types</TableCell>
          <TableCell>Scaled by</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {nodePools.map(pool => {
          const limits = resources(pool.limits);
          const usage = resources(pool.usage);
          return (
            <TableRow key={pool.name}>
              <TableCell>{pool.name}</TableCell>
              <TableCell>
                {pool.nodesReady}/{pool.nodesTotal}
                {pool.desired !== undefined &&
                  pool.desired !== pool.nodesTotal &&
                  ` (target ${pool.desired})`}
              </TableCell>
              <TableCell>
                {bound(pool.min)} / {bound(pool.max)}
              </TableCell>
              <TableCell>{pool.instanceTypes.join(', ') || '–'}</TableCell>
              <TableCell>
                {pool.autoscaler ?? '–'}
                {limits &&
                  ` (limits ${limits}${usage ? `; using ${usage}` : ''})`}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
