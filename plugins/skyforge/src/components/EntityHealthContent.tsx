import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import type { Entity } from '@backstage/catalog-model';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { useEntityHealth } from '../hooks';
import {
  KUBERNETES_ID_ANNOTATION,
  hasKubernetesAnnotation,
  hasNoClusters,
} from '../lib/healthData';
import { ClusterHealthSection } from './ClusterHealthSection';
import { HealthEmptyState } from './HealthEmptyState';
import { HealthStatusBanner } from './HealthStatusBanner';

function HealthView(props: { entity: Entity }) {
  const { entity } = props;
  const { value, loading, error, retry } = useEntityHealth(entity);
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value) {
    return null;
  }
  if (hasNoClusters(value)) {
    return <HealthEmptyState entity={entity} response={value} />;
  }
  return (
    <Grid container spacing={3} direction="column">
      <Grid item>
        <HealthStatusBanner response={value} />
        <Box display="flex" alignItems="center" gridGap={8} mt={1}>
          <Typography variant="caption" color="textSecondary">
            As of {value.generatedAt}
          </Typography>
          <Button size="small" onClick={retry}>
            Refresh
          </Button>
        </Box>
      </Grid>
      {value.clusters.map(cluster => (
        <Grid item key={cluster.name}>
          <ClusterHealthSection cluster={cluster} />
        </Grid>
      ))}
    </Grid>
  );
}

/**
 * The entity's Health tab: the rolled-up status with its reasons, then one section per cluster
 * with workloads, autoscalers, node pools, scalers and problems.
 */
export function EntityHealthContent() {
  const { entity } = useEntity();
  if (!hasKubernetesAnnotation(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={KUBERNETES_ID_ANNOTATION} />
    );
  }
  return <HealthView entity={entity} />;
}
