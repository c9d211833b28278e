import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type { Entity } from '@backstage/catalog-model';
import type {
  EntityHealthPart,
  EntityHealthResponse,
} from '@skyforge/plugin-skyforge-common';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { KUBERNETES_ANNOTATION } from '@backstage/plugin-kubernetes-common';
import { useEntityHealth } from '../hooks';
import {
  KUBERNETES_CONFIGURATION_DOCS,
  clusterTitle,
  hasNoClusters,
  healthViewOf,
  summarizeCluster,
} from '../lib/healthData';
import { HealthStatusBanner } from './HealthStatusBanner';
import { HiddenByPermissionsNote } from './HiddenByPermissionsNote';
import { HealthStatusIcon } from './HealthStatusIcon';
import { useEntityTabLink } from './useEntityTabLink';

/** How many of the backend's reasons the card lists. */
const CARD_REASONS = 3;
/** How many parts of a System or Group the card lists. */
const CARD_PARTS = 5;

/** @public */
export interface EntityHealthCardProps {
  /** Path of the Health tab below the entity page. */
  tabPath?: string;
}

/** One line per part of a System, Domain or Group, the worst first. */
function PartLines(props: { parts: EntityHealthPart[] }) {
  const { parts } = props;
  return (
    <Box component="ul" pl={0} mt={2} style={{ listStyle: 'none' }}>
      {parts.slice(0, CARD_PARTS).map(part => (
        <Box component="li" key={part.entityRef} mb={1}>
          <HealthStatusIcon
            status={part.status}
            label={part.title ?? part.entityRef}
          />
        </Box>
      ))}
      {parts.length > CARD_PARTS && (
        <Typography component="li" variant="body2" color="textSecondary">
          and {parts.length - CARD_PARTS} more
        </Typography>
      )}
    </Box>
  );
}

/** One line per cluster, or how to get one when none reports the entity. */
function ClusterLines(props: { response: EntityHealthResponse }) {
  const { response } = props;
  if (hasNoClusters(response)) {
    return (
      <Typography variant="body2" style={{ marginTop: 16 }}>
        No cluster reports this entity. Configure a cluster in the Kubernetes
        backend (
        <Link to={KUBERNETES_CONFIGURATION_DOCS}>Kubernetes configuration</Link>
        ) or check the labels of the entity&apos;s objects.
      </Typography>
    );
  }
  return (
    <Box component="ul" pl={0} mt={2} style={{ listStyle: 'none' }}>
      {response.clusters.map(cluster => (
        <Box component="li" key={cluster.name} mb={1}>
          <HealthStatusIcon
            status={cluster.status}
            label={clusterTitle(cluster)}
          />
          <Typography variant="body2" color="textSecondary">
            {summarizeCluster(cluster)}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

function HealthSummary(props: { entity: Entity }) {
  const { value, loading, error } = useEntityHealth(props.entity);
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value) {
    return null;
  }
  return (
    <>
      <HealthStatusBanner response={value} maxReasons={CARD_REASONS} />
      {value.view === 'rollUp' ? (
        <>
          <PartLines parts={value.parts ?? []} />
          <HiddenByPermissionsNote count={value.hiddenCount} />
        </>
      ) : (
        <ClusterLines response={value} />
      )}
    </>
  );
}

/** Overview card: the entity's health and a line per cluster, linking to the Health tab. */
export function EntityHealthCard(props: EntityHealthCardProps) {
  const { entity } = useEntity();
  const link = useEntityTabLink(entity, props.tabPath ?? 'health');
  const annotated = healthViewOf(entity) !== undefined;
  return (
    <InfoCard
      title="Health"
      subheader="Kubernetes clusters, workloads and autoscaling"
      deepLink={
        link && annotated ? { link, title: 'View health details' } : undefined
      }
    >
      {annotated ? (
        <HealthSummary entity={entity} />
      ) : (
        <MissingAnnotationEmptyState annotation={KUBERNETES_ANNOTATION} />
      )}
    </InfoCard>
  );
}
