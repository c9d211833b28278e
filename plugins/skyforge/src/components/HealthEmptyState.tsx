import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { EmptyState, Link } from '@backstage/core-components';
import type { Entity } from '@backstage/catalog-model';
import type { EntityHealthResponse } from '@skyforge/plugin-skyforge-common';
import {
  KUBERNETES_CONFIGURATION_DOCS,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  kubernetesSelector,
} from '../lib/healthData';

/**
 * No cluster reported anything for the entity: either the Kubernetes backend has no cluster
 * configured (or could not list them), or no cluster holds objects with the entity's labels. The
 * backend's reasons tell which; both ways out are explained.
 */
export function HealthEmptyState(props: {
  entity: Entity;
  response: EntityHealthResponse;
}) {
  const { entity, response } = props;
  return (
    <EmptyState
      missing="data"
      title="No cluster reports this entity"
      description="Skyforge reads health through the Backstage Kubernetes backend, and none of its clusters reported objects of this entity."
      action={
        <Box maxWidth={720}>
          {response.reasons.length > 0 && (
            <Box component="ul" pl={2} aria-label="Reasons">
              {response.reasons.map(reason => (
                <li key={reason}>
                  <Typography variant="body2">{reason}</Typography>
                </li>
              ))}
            </Box>
          )}
          <Typography variant="body1" paragraph>
            If the Kubernetes backend has no cluster yet, configure one under{' '}
            <code>kubernetes.clusterLocatorMethods</code> in{' '}
            <code>app-config.yaml</code> (a <code>config</code> locator with the
            cluster&apos;s URL, auth provider and a service account token, or a
            cloud locator such as <code>gke</code>) — see{' '}
            <Link to={KUBERNETES_CONFIGURATION_DOCS}>
              Kubernetes configuration
            </Link>
            .
          </Typography>
          <Typography variant="body1">
            If clusters are configured, check that this entity&apos;s
            Deployments, StatefulSets, DaemonSets and pods carry the labels of
            the selector <code>{kubernetesSelector(entity)}</code> (set by the{' '}
            <code>{KUBERNETES_ID_ANNOTATION}</code> or{' '}
            <code>{KUBERNETES_LABEL_SELECTOR_ANNOTATION}</code> annotation).
          </Typography>
        </Box>
      }
    />
  );
}
