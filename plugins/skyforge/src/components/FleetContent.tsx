import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { FleetCluster } from '@skyforge/plugin-skyforge-common';
import { useState } from 'react';
import { useFleet } from '../hooks';
import { formatCurrency } from '../lib/costFormat';
import { clusterTitle } from '../lib/healthData';
import { HiddenByPermissionsNote } from './HiddenByPermissionsNote';
import { HealthStatusIcon } from './HealthStatusIcon';

const ALL = '';

function Lines(props: { lines: string[] }) {
  if (props.lines.length === 0) return <>–</>;
  return (
    <>
      {props.lines.map(line => (
        <Typography key={line} variant="body2" component="div">
          {line}
        </Typography>
      ))}
    </>
  );
}

function bound(value: number | undefined): string {
  return value === undefined ? '–' : String(value);
}

const HEADINGS = [
  'Cluster',
  'Status',
  'Owner',
  'Cloud',
  'Nodes',
  'Node pools',
  'Autoscaler',
  'Month to date',
  'Forecast',
];

function FleetRow(props: { cluster: FleetCluster }) {
  const { cluster } = props;
  const costs = cluster.cost ?? [];
  return (
    <TableRow>
      <TableCell>
        {cluster.entityRef ? (
          <EntityRefLink entityRef={cluster.entityRef} title={cluster.title} />
        ) : (
          clusterTitle(cluster)
        )}
      </TableCell>
      <TableCell style={{ minWidth: 160 }}>
        <HealthStatusIcon status={cluster.status} />
        {cluster.reasons.length > 0 && (
          <Typography variant="caption" component="div" color="textSecondary">
            {cluster.reasons[0]}
            {cluster.reasons.length > 1 &&
              ` (and ${cluster.reasons.length - 1} more)`}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        {cluster.owner ? <EntityRefLink entityRef={cluster.owner} /> : '–'}
      </TableCell>
      <TableCell>
        {[cluster.cloud, cluster.region, cluster.environment]
          .filter(Boolean)
          .join(' · ') || '–'}
      </TableCell>
      <TableCell style={{ whiteSpace: 'nowrap' }}>
        {cluster.nodesTotal === undefined
          ? '–'
          : `${cluster.nodesReady ?? 0}/${cluster.nodesTotal} ready`}
      </TableCell>
      <TableCell>
        <Lines
          lines={cluster.nodePools.map(
            pool =>
              `${pool.name}: ${pool.nodesReady}/${pool.nodesTotal}${
                pool.min !== undefined || pool.max !== undefined
                  ? ` (${bound(pool.min)}–${bound(pool.max)})`
                  : ''
              }${pool.autoscaler ? ` · ${pool.autoscaler}` : ''}`,
          )}
        />
      </TableCell>
      <TableCell>
        <Lines
          lines={cluster.autoscalers.map(
            scaler => `${scaler.kind} ${scaler.name}: ${scaler.summary}`,
          )}
        />
      </TableCell>
      <TableCell style={{ whiteSpace: 'nowrap' }}>
        <Lines
          lines={
            cluster.costHidden
              ? ['hidden by permissions']
              : costs.map(
                  cost =>
                    `${formatCurrency(cost.monthToDate, cost.currency)} (${
                      cost.month
                    })`,
                )
          }
        />
      </TableCell>
      <TableCell style={{ whiteSpace: 'nowrap' }}>
        <Lines
          lines={costs.map(cost =>
            formatCurrency(cost.forecastMonthEnd, cost.currency),
          )}
        />
      </TableCell>
    </TableRow>
  );
}

/**
 * The fleet: every cluster of the Kubernetes backend with its status, node pools, autoscaler
 * state and month-to-date cost and forecast, filterable by owner and cloud.
 */
export function FleetContent() {
  const [owner, setOwner] = useState(ALL);
  const [cloud, setCloud] = useState(ALL);
  const { value, loading, error } = useFleet({
    owner: owner || undefined,
    cloud: cloud || undefined,
  });
  const filter = (
    label: string,
    selected: string,
    values: string[],
    onChange: (value: string) => void,
  ) => (
    <TextField
      select
      id={`skyforge-fleet-${label.toLowerCase()}`}
      label={label}
      value={selected}
      onChange={event => onChange(event.target.value)}
      SelectProps={{ displayEmpty: true }}
      InputLabelProps={{ shrink: true }}
      style={{ minWidth: 240 }}
    >
      <MenuItem value={ALL}>All</MenuItem>
      {values.map(item => (
        <MenuItem key={item} value={item}>
          {item}
        </MenuItem>
      ))}
    </TextField>
  );
  return (
    <Grid container spacing={3} direction="column">
      <Grid item>
        <Box display="flex" gridGap={24}>
          {filter('Owner', owner, value?.owners ?? [], setOwner)}
          {filter('Cloud', cloud, value?.clouds ?? [], setCloud)}
        </Box>
      </Grid>
      <Grid item>
        {error && <ResponseErrorPanel error={error} />}
        {loading && !value && <Progress />}
        {value && (
          <InfoCard title="Clusters">
            <HiddenByPermissionsNote count={value.hiddenCount} noun="cluster" />
            {value.clusters.length === 0 ? (
              <Typography variant="body2">
                No cluster matches. Clusters Skyforge creates appear here once
                their <code>kubernetes-cluster</code> Resource carries the
                registration annotations.
              </Typography>
            ) : (
              <Box overflow="auto">
                <Table size="small" aria-label="Clusters">
                  <TableHead>
                    <TableRow>
                      {HEADINGS.map(heading => (
                        <TableCell key={heading}>{heading}</TableCell>
                      ))}
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {value.clusters.map(cluster => (
                      <FleetRow key={cluster.name} cluster={cluster} />
                    ))}
                  </TableBody>
                </Table>
              </Box>
            )}
          </InfoCard>
        )}
      </Grid>
    </Grid>
  );
}
