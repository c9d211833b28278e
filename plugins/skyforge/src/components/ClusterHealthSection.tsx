import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { InfoCard, StatusError } from '@backstage/core-components';
import type { ClusterHealth } from '@skyforge/plugin-skyforge-common';
import { clusterTitle } from '../lib/healthData';
import { AutoscalerPanel } from './AutoscalerPanel';
import { HealthProblemList } from './HealthProblemList';
import { HealthStatusIcon } from './HealthStatusIcon';
import { NodePoolTable } from './NodePoolTable';
import { ScalerList } from './ScalerList';
import { WorkloadTable } from './WorkloadTable';

function Heading(props: { children: string }) {
  return (
    <Typography variant="subtitle1" component="h3" gutterBottom>
      {props.children}
    </Typography>
  );
}

/** Everything known about the entity in one cluster, or why the cluster could not be read. */
export function ClusterHealthSection(props: {
  cluster: ClusterHealth;
  /** The heading of the workloads table. */
  workloadsTitle?: string;
}) {
  const { cluster } = props;
  const title = clusterTitle(cluster);
  let subheader: string | undefined;
  if (cluster.reachable && cluster.nodesTotal !== undefined) {
    subheader = `${cluster.nodesReady ?? 0}/${cluster.nodesTotal} nodes ready`;
  }
  return (
    <Box component="section" aria-label={`Cluster ${title}`}>
      <InfoCard
        title={
          <Box display="flex" alignItems="baseline" gridGap={16}>
            <span>{title}</span>
            <Typography variant="body2" component="span">
              <HealthStatusIcon status={cluster.status} />
            </Typography>
          </Box>
        }
        subheader={subheader}
      >
        {!cluster.reachable ? (
          <>
            <StatusError>
              Unreachable: {cluster.error ?? 'unknown error'}
            </StatusError>
            <Box mt={2}>
              <HealthProblemList problems={cluster.problems} />
            </Box>
          </>
        ) : (
          <Grid container spacing={3} direction="column">
            <Grid item>
              <Heading>{props.workloadsTitle ?? 'Workloads'}</Heading>
              <WorkloadTable workloads={cluster.workloads} cluster={title} />
            </Grid>
            {cluster.autoscalers.length > 0 && (
              <Grid item>
                <Heading>Autoscalers</Heading>
                <Grid container spacing={2}>
                  {cluster.autoscalers.map(autoscaler => (
                    <Grid
                      item
                      xs={12}
                      lg={6}
                      key={`${autoscaler.namespace}/${autoscaler.name}`}
                    >
                      <AutoscalerPanel autoscaler={autoscaler} />
                    </Grid>
                  ))}
                </Grid>
              </Grid>
            )}
            {cluster.nodePools.length > 0 && (
              <Grid item>
                <Heading>Node pools</Heading>
                <NodePoolTable nodePools={cluster.nodePools} cluster={title} />
              </Grid>
            )}
            {cluster.scalers.length > 0 && (
              <Grid item>
                <Heading>Scalers</Heading>
                <ScalerList scalers={cluster.scalers} cluster={title} />
              </Grid>
            )}
            {cluster.problems.length > 0 && (
              <Grid item>
                <HealthProblemList problems={cluster.problems} />
              </Grid>
            )}
          </Grid>
        )}
      </InfoCard>
    </Box>
  );
}
