import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { EmptyState } from '@backstage/core-components';
import type { Entity } from '@backstage/catalog-model';
import { MissingAnnotationEmptyState } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_COST_SELECTOR,
  COMPONENT_TAG,
  type EntityCostResponse,
} from '@skyforge/plugin-skyforge-common';
import { costSelectorAnnotation, defaultCostSelector } from '../lib/costData';

function Selectors(props: { response: EntityCostResponse }) {
  const { selectors } = props.response;
  if (selectors.length === 0) {
    return null;
  }
  return (
    <Box component="ul" aria-label="Selectors used" mt={1}>
      {selectors.map(({ entityRef, selector }) => (
        <li key={`${entityRef} ${selector}`}>
          <code>{selector}</code> ({entityRef})
        </li>
      ))}
    </Box>
  );
}

/**
 * No cost rows matched. Without the selector annotation, explain the default selector and show how
 * to add the annotation; with it, say which selector found nothing.
 */
export function CostEmptyState(props: {
  entity: Entity;
  response: EntityCostResponse;
}) {
  const { entity, response } = props;
  const annotation = costSelectorAnnotation(entity);
  const period = `between ${response.from} and ${response.to}`;
  if (annotation) {
    return (
      <EmptyState
        missing="data"
        title="No cost data"
        description={
          <>
            No cost rows matched the selector <code>{annotation}</code> {period}
            . Check that the cloud resources carry these tags and that the cost
            sources below have ingested data for this period.
          </>
        }
        action={<Selectors response={response} />}
      />
    );
  }
  return (
    <Box>
      <Typography variant="body1" paragraph>
        No cost rows matched the default selector{' '}
        <code>{defaultCostSelector(entity)}</code> {period}. Without the{' '}
        <code>{ANNOTATION_COST_SELECTOR}</code> annotation, Skyforge attributes
        the cost rows whose <code>{COMPONENT_TAG}</code> tag equals the
        entity&apos;s name, which is how resources created from Skyforge
        templates are tagged. If this entity&apos;s resources are tagged
        differently, add the annotation with a comma-separated tag selector, for
        example{' '}
        <code>
          {ANNOTATION_COST_SELECTOR}: {COMPONENT_TAG}={entity.metadata.name}
          ,environment=prod
        </code>
        .
      </Typography>
      <Selectors response={response} />
      <MissingAnnotationEmptyState annotation={ANNOTATION_COST_SELECTOR} />
    </Box>
  );
}
