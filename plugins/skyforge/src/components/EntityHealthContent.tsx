import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type { Entity } from '@backstage/catalog-model';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { KUBERNETES_ANNOTATION } from '@backstage/plugin-kubernetes-common';
import { useEntityHealth } from '../hooks';
import { hasNoClusters, healthViewOf } from '../lib/healthData';
import { ClusterHealthSection } from './ClusterHealthSection';
import { HealthEmptyState } from './HealthEmptyState';
import { HealthPartsTable } from './HealthPartsTable';
import { HealthStatusBanner } from './HealthStatusBanner';
import { HiddenByPermissionsNote } from './HiddenByPermissionsNote';

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
  if (value.view !== 'rollUp' && hasNoClusters(value)) {
    return <HealthEmptyState entity={entity} response={value} />;
  }
  return (
    <Grid container spacing={3} direction="column">
      <Grid item>
        <HealthStatusBanner response={value} />
        <HiddenByPermissionsNote count={value.hiddenCount} />
        <Box display="flex" alignItems="center" gridGap={8} mt={1}>
          <Typography variant="caption" color="textSecondary">
            As of {value.generatedAt}
          </Typography>
          <Button size="small" onClick={retry}>
            Refresh
          </Button>
        </Box>
      </Grid>
      {value.view === 'rollUp' && value.parts && value.parts.length > 0 && (
        <Grid item>
          <InfoCard title="Parts">
            <HealthPartsTable parts={value.parts} />
          </InfoCard>
        </Grid>
      )}
      {value.clusters.map(cluster => (
        <Grid item key={cluster.name}>
          <ClusterHealthSection
            cluster={cluster}
            workloadsTitle={
              value.view === 'cluster'
                ? 'System workloads (kube-system)'
                : undefined
            }
          />
        </Grid>
      ))}
    </Grid>
  );
}

/**
 * The entity's Health tab: the rolled-up status with its reasons, then one section per cluster
 * with workloads, autoscalers, node pools, scalers and problems; for a `kubernetes-cluster`
 * Resource, its cluster with the `kube-system` workloads; for a System, Domain or Group, its
 * parts with their own status.
 */
export function EntityHealthContent() {
  const { entity } = useEntity();
  if (!healthViewOf(entity)) {
    return <MissingAnnotationEmptyState annotation={KUBERNETES_ANNOTATION} />;
  }
  return <HealthView entity={entity} />;
}
