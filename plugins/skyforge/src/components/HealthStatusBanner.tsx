import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import Box from '@material-ui/core/Box';
import type {
  EntityHealthResponse,
  HealthStatus,
} from '@skyforge/plugin-skyforge-common';
import { STATUS_LABELS } from '../lib/healthData';

const SEVERITIES: Record<
  HealthStatus,
  'success' | 'warning' | 'error' | 'info'
> = {
  healthy: 'success',
  degraded: 'warning',
  unhealthy: 'error',
  unknown: 'info',
};

/** The entity's rolled-up status and the backend's reasons for it. */
export function HealthStatusBanner(props: {
  response: Pick<EntityHealthResponse, 'status' | 'reasons'>;
  /** How many reasons to list; the rest are counted. */
  maxReasons?: number;
}) {
  const { status, reasons } = props.response;
  const shown =
    props.maxReasons === undefined
      ? reasons
      : reasons.slice(0, props.maxReasons);
  const hidden = reasons.length - shown.length;
  return (
    <Alert
      severity={SEVERITIES[status]}
      role="status"
      aria-label={`Health: ${STATUS_LABELS[status]}`}
    >
      <AlertTitle>{STATUS_LABELS[status]}</AlertTitle>
      {shown.length > 0 && (
        <Box component="ul" m={0} pl={2} aria-label="Reasons">
          {shown.map(reason => (
            <li key={reason}>{reason}</li>
          ))}
          {hidden > 0 && <li>and {hidden} more</li>}
        </Box>
      )}
    </Alert>
  );
}
