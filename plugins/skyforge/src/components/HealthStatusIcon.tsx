import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import type { HealthStatus } from '@skyforge/plugin-skyforge-common';
import { STATUS_LABELS } from '../lib/healthData';

/** A status dot with the status in words. */
export function HealthStatusIcon(props: {
  status: HealthStatus;
  label?: string;
}) {
  const label = props.label ?? STATUS_LABELS[props.status];
  switch (props.status) {
    case 'healthy':
      return <StatusOK>{label}</StatusOK>;
    case 'degraded':
      return <StatusWarning>{label}</StatusWarning>;
    case 'unhealthy':
      return <StatusError>{label}</StatusError>;
    default:
      return <StatusPending>{label}</StatusPending>;
  }
}
