import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { HorizontalPodAutoscalerHealth } from '@skyforge/plugin-skyforge-common';
import { describeCondition, replicaPosition } from '../lib/healthData';

/** One HorizontalPodAutoscaler: replicas between min and max, metrics, conditions. */
export function AutoscalerPanel(props: {
  autoscaler: HorizontalPodAutoscalerHealth;
}) {
  const { autoscaler } = props;
  const {
    namespace,
    name,
    target,
    minReplicas,
    maxReplicas,
    currentReplicas,
    desiredReplicas,
  } = autoscaler;
  const title = `HPA ${namespace}/${name}`;
  return (
    <Paper variant="outlined" component="section" aria-label={title}>
      <Box p={2}>
        <Box display="flex" alignItems="center" gridGap={8} flexWrap="wrap">
          <Typography variant="subtitle1" component="h4">
            {title}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            scales {target}
          </Typography>
          {autoscaler.atMax && (
            <Chip size="small" color="secondary" label="at max" />
          )}
        </Box>
        <Box mt={1}>
          <Typography variant="body2">
            {currentReplicas} replica{currentReplicas === 1 ? '' : 's'}
            {desiredReplicas !== currentReplicas &&
              `, scaling to ${desiredReplicas}`}{' '}
            (min {minReplicas}, max {maxReplicas})
          </Typography>
          <Box display="flex" alignItems="center" gridGap={8}>
            <Typography variant="caption">{minReplicas}</Typography>
            <Box flexGrow={1}>
              <LinearProgress
                variant="determinate"
                color={autoscaler.atMax ? 'secondary' : 'primary'}
                value={Math.round(replicaPosition(autoscaler) * 100)}
                aria-label={`${currentReplicas} replicas between ${minReplicas} and ${maxReplicas}`}
              />
            </Box>
            <Typography variant="caption">{maxReplicas}</Typography>
          </Box>
        </Box>
        {autoscaler.metrics.length > 0 && (
          <Table size="small" aria-label={`Metrics of ${title}`}>
            <TableHead>
              <TableRow>
                <TableCell>Metric</TableCell>
                <TableCell>Type</TableCell>
                <TableCell>Current</TableCell>
                <TableCell>Target</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {autoscaler.metrics.map(metric => (
                <TableRow key={`${metric.type}/${metric.name}`}>
                  <TableCell>{metric.name}</TableCell>
                  <TableCell>{metric.type}</TableCell>
                  <TableCell>{metric.current ?? 'not available'}</TableCell>
                  <TableCell>{metric.target}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {autoscaler.conditions.length > 0 && (
          <Box
            component="ul"
            pl={2}
            mt={1}
            mb={0}
            aria-label={`Conditions of ${title}`}
          >
            {autoscaler.conditions.map(condition => (
              <li key={condition.type}>
                <Typography variant="body2">
                  {describeCondition(condition)}
                </Typography>
                {condition.message && (
                  <Typography variant="caption" color="textSecondary">
                    {condition.message}
                  </Typography>
                )}
              </li>
            ))}
          </Box>
        )}
      </Box>
    </Paper>
  );
}
