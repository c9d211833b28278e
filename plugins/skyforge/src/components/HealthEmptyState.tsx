import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { EmptyState, Link } from '@backstage/core-components';
import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';
import {
  ANNOTATION_KUBERNETES_CLUSTER,
  type EntityHealthResponse,
} from '@skyforge/plugin-skyforge-common';
import {
  KUBERNETES_CONFIGURATION_DOCS,
  kubernetesSelector,
} from '../lib/healthData';

function Reasons(props: { reasons: string[] }) {
  return props.reasons.length > 0 ? (
    <Box component="ul" pl={2} aria-label="Reasons">
      {props.reasons.map(reason => (
        <li key={reason}>
          <Typography variant="body2">{reason}</Typography>
        </li>
      ))}
    </Box>
  ) : null;
}

function docsLink() {
  return (
    <Link to={KUBERNETES_CONFIGURATION_DOCS}>Kubernetes configuration</Link>
  );
}

/**
 * No cluster reported anything for the entity: for a `kubernetes-cluster` Resource, the
 * Kubernetes backend does not know the cluster; otherwise no cluster holds objects with the
 * entity's labels, or the Kubernetes backend has none. The backend's reasons tell which; the ways
 * out are explained.
 */
export function HealthEmptyState(props: {
  entity: Entity;
  response: EntityHealthResponse;
}) {
  const { entity, response } = props;
  if (response.view === 'cluster') {
    return (
      <EmptyState
        missing="data"
        title="The Kubernetes backend does not read this cluster"
        description="Skyforge shows a cluster's nodes, node pools and autoscalers through the Backstage Kubernetes backend, which has not listed this one."
        action={
          <Box maxWidth={720}>
            <Reasons reasons={response.reasons} />
            <Typography variant="body1" paragraph>
              Clusters Skyforge creates register themselves: after{' '}
              <code>terraform apply</code>, the apply workflow sets{' '}
              <code>{ANNOTATION_KUBERNETES_API_SERVER}</code>,{' '}
              <code>{ANNOTATION_KUBERNETES_API_SERVER_CA}</code> and{' '}
              <code>{ANNOTATION_KUBERNETES_AUTH_PROVIDER}</code> on this
              Resource, and the Kubernetes backend&apos;s <code>catalog</code>{' '}
              cluster locator reads them. A cluster configured by hand belongs
              here when its name is this Resource&apos;s or its{' '}
              <code>{ANNOTATION_KUBERNETES_CLUSTER}</code> annotation — see{' '}
              {docsLink()}.
            </Typography>
          </Box>
        }
      />
    );
  }
  return (
    <EmptyState
      missing="data"
      title="No cluster reports this entity"
      description="Skyforge reads health through the Backstage Kubernetes backend, and none of its clusters reported objects of this entity."
      action={
        <Box maxWidth={720}>
          <Reasons reasons={response.reasons} />
          <Typography variant="body1" paragraph>
            If the Kubernetes backend has no cluster yet, register one: clusters
            Skyforge creates do so as <code>kubernetes-cluster</code> Resources
            that the <code>catalog</code> cluster locator reads; others go under{' '}
            <code>kubernetes.clusterLocatorMethods</code> in{' '}
            <code>app-config.yaml</code> — see {docsLink()}.
          </Typography>
          <Typography variant="body1">
            If clusters are configured, check that this entity&apos;s
            Deployments, StatefulSets, DaemonSets and pods carry the labels of
            the selector <code>{kubernetesSelector(entity)}</code> (set by the{' '}
            <code>{KUBERNETES_ANNOTATION}</code> or{' '}
            <code>{KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION}</code>{' '}
            annotation).
          </Typography>
        </Box>
      }
    />
  );
}
