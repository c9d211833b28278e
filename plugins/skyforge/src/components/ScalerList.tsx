import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ScalerHealth } from '@skyforge/plugin-skyforge-common';
import { HealthStatusIcon } from './HealthStatusIcon';

const KIND_LABELS: Record<string, string> = {
  ScaledObject: 'KEDA ScaledObject',
  ClusterAutoscaler: 'Cluster autoscaler',
  NodePool: 'Karpenter NodePool',
};

/** KEDA ScaledObjects, the cluster autoscaler and Karpenter NodePools, one line each. */
export function ScalerList(props: {
  scalers: ScalerHealth[];
  cluster: string;
}) {
  const { scalers, cluster } = props;
  return (
    <Box component="ul" pl={2} m={0} aria-label={`Scalers in ${cluster}`}>
      {scalers.map(scaler => {
        const label = `${KIND_LABELS[scaler.kind] ?? scaler.kind} ${
          scaler.namespace ? `${scaler.namespace}/` : ''
        }${scaler.name}`;
        return (
          <Box component="li" key={`${scaler.kind}/${label}`} mb={1}>
            {scaler.status ? (
              <HealthStatusIcon status={scaler.status} label={label} />
            ) : (
              <Typography variant="body2" component="span">
                {label}
              </Typography>
            )}
            <Typography variant="body2" color="textSecondary">
              {scaler.summary}
            </Typography>
          </Box>
        );
      })}
    </Box>
  );
}
