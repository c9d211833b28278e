import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import type { WorkloadHealth } from '@skyforge/plugin-skyforge-common';

function Readiness(props: { workload: WorkloadHealth }) {
  const { ready, desired } = props.workload;
  const text = `${ready}/${desired}`;
  if (desired > 0 && ready === 0) {
    return <StatusError>{text}</StatusError>;
  }
  if (ready < desired) {
    return <StatusWarning>{text}</StatusWarning>;
  }
  return <StatusOK>{text}</StatusOK>;
}

/** Deployments, StatefulSets and DaemonSets of the entity in one cluster. */
export function WorkloadTable(props: {
  workloads: WorkloadHealth[];
  cluster: string;
}) {
  const { workloads, cluster } = props;
  if (workloads.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No workloads of this entity in this cluster.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={`Workloads in ${cluster}`}>
      <TableHead>
        <TableRow>
          <TableCell>Workload</TableCell>
          <TableCell>Ready</TableCell>
          <TableCell>Rollout</TableCell>
          <TableCell align="right">Restarts</TableCell>
          <TableCell>Problems</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {workloads.map(workload => (
          <TableRow
            key={`${workload.kind}/${workload.namespace}/${workload.name}`}
          >
            <TableCell>
              {workload.kind} {workload.namespace}/{workload.name}
            </TableCell>
            <TableCell>
              <Readiness workload={workload} />
            </TableCell>
            <TableCell>
              {workload.rolloutInProgress ? 'In progress' : 'Complete'}
            </TableCell>
            <TableCell align="right">{workload.restarts}</TableCell>
            <TableCell>
              {workload.problems.length === 0
                ? 'None'
                : workload.problems.map((problem, index) => (
                    <Typography
                      key={`${problem.message} ${index}`}
                      variant="body2"
                    >
                      {problem.message}
                    </Typography>
                  ))}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
