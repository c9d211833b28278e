import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { FleetResponse } from '@skyforge/plugin-skyforge-common';
import { fleetResponse } from '../__fixtures__/fleet';
import { type SkyforgeApi, skyforgeApiRef } from '../api';
import { FleetContent } from './FleetContent';

jest.setTimeout(30_000);

function renderFleet(response: FleetResponse = fleetResponse) {
  const getFleet = jest.fn(async () => response);
  const api: Pick<SkyforgeApi, 'getFleet'> = { getFleet };
  renderInTestApp(<FleetContent />, {
    apis: [[skyforgeApiRef, api]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return { getFleet };
}

describe('FleetContent', () => {
  it('lists every cluster with status, node pools, autoscaler and cost', async () => {
    renderFleet();
    const eks = await screen.findByRole('row', {
      name: /payments-api prod Amazon EKS/,
    });
    expect(within(eks).getByText('Healthy')).toBeInTheDocument();
    expect(eks).toHaveTextContent('6/6 ready');
    expect(eks).toHaveTextContent('aws · us-east-1 · prod');
    expect(eks).toHaveTextContent('system: 2/2 (2–4)');
    expect(eks).toHaveTextContent('ClusterAutoscaler cluster-autoscaler');
    expect(eks).toHaveTextContent('$3,120.45 (2025-11)');
    expect(eks).toHaveTextContent('$4,210.90');
    expect(
      within(eks).getByRole('link', { name: /payments-api prod Amazon EKS/ }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('payments-prod-aws-cluster'),
    );
    const gke = screen.getByRole('row', { name: /GKE production/ });
    expect(gke).toHaveTextContent('Unknown');
    expect(gke).toHaveTextContent('Cluster gke-prod is unreachable');
  });

  it('says how many clusters and which costs permissions hide', async () => {
    renderFleet({
      ...fleetResponse,
      hiddenCount: 2,
      clusters: fleetResponse.clusters.map(cluster => ({
        ...cluster,
        cost: undefined,
        costHidden: true,
      })),
    });
    const eks = await screen.findByRole('row', {
      name: /payments-api prod Amazon EKS/,
    });
    expect(eks).toHaveTextContent('hidden by permissions');
    expect(eks).not.toHaveTextContent('$');
    expect(screen.getByRole('note')).toHaveTextContent(
      '2 clusters hidden by permissions',
    );
  });

  it('filters by owner and by cloud through the backend', async () => {
    const { getFleet } = renderFleet();
    await screen.findByRole('row', { name: /GKE production/ });
    expect(getFleet).toHaveBeenLastCalledWith({
      owner: undefined,
      cloud: undefined,
    });
    fireEvent.mouseDown(screen.getByRole('button', { name: /Owner/ }));
    fireEvent.click(
      await screen.findByRole('option', { name: 'group:default/platform' }),
    );
    await waitFor(() =>
      expect(getFleet).toHaveBeenLastCalledWith({
        owner: 'group:default/platform',
        cloud: undefined,
      }),
    );
    fireEvent.mouseDown(screen.getByRole('button', { name: /Cloud/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'gcp' }));
    await waitFor(() =>
      expect(getFleet).toHaveBeenLastCalledWith({
        owner: 'group:default/platform',
        cloud: 'gcp',
      }),
    );
  });
});
