import type { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { EntityHealthResponse } from '@skyforge/plugin-skyforge-common';
import { screen, within } from '@testing-library/react';
import {
  degradedResponse,
  noClustersResponse,
  oneClusterUnreachableResponse,
} from '../__fixtures__/entityHealth';
import { type SkyforgeApi, skyforgeApiRef } from '../api';
import { EntityHealthCard } from './EntityHealthCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'payments-api' },
  },
  spec: { type: 'service', owner: 'group:default/payments' },
};

function renderCard(
  getEntityHealth: () => Promise<EntityHealthResponse>,
  subject: Entity = entity,
) {
  const api: Pick<SkyforgeApi, 'getEntityHealth'> = { getEntityHealth };
  return renderInTestApp(
    <EntityProvider entity={subject}>
      <EntityHealthCard />
    </EntityProvider>,
    { apis: [[skyforgeApiRef, api]] },
  );
}

jest.setTimeout(30_000);

describe('EntityHealthCard', () => {
  it('shows the status, the first reasons and a line per cluster', async () => {
    renderCard(async () => ({
      ...degradedResponse,
      reasons: [...degradedResponse.reasons, 'eks-prod: a fourth reason'],
    }));
    const banner = await screen.findByRole('status', {
      name: 'Health: Degraded',
    });
    const reasons = within(banner).getAllByRole('listitem');
    expect(reasons).toHaveLength(4);
    expect(reasons[3]).toHaveTextContent('and 1 more');
    expect(
      screen.getByText(
        '7/8 nodes ready · 3 workloads, 1 not ready · 1 autoscaler at max',
      ),
    ).toBeInTheDocument();
  });

  it('names the unreachable cluster', async () => {
    renderCard(async () => oneClusterUnreachableResponse);
    expect(
      await screen.findByText(
        'unreachable: timed out: no answer within 5000 ms',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('6/6 nodes ready · 1 workload'),
    ).toBeInTheDocument();
  });

  it('points to the cluster configuration when no cluster reports the entity', async () => {
    renderCard(async () => noClustersResponse);
    expect(
      await screen.findByRole('link', { name: /Kubernetes configuration/ }),
    ).toHaveAttribute(
      'href',
      'https://backstage.io/docs/features/kubernetes/configuration',
    );
    expect(
      screen.getByRole('status', { name: 'Health: Unknown' }),
    ).toBeInTheDocument();
  });

  it('shows the error of a failed request', async () => {
    renderCard(async () => {
      throw new Error('Service Unavailable');
    });
    expect(
      await screen.findByText('Error: Service Unavailable'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('asks for the annotation when the entity has none', async () => {
    const getEntityHealth = jest.fn(async () => degradedResponse);
    renderCard(getEntityHealth, {
      ...entity,
      metadata: { name: 'billing-batch', namespace: 'default' },
    });
    expect(await screen.findByText('Missing Annotation')).toBeInTheDocument();
    expect(getEntityHealth).not.toHaveBeenCalled();
  });
});
