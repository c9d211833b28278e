import type { Entity } from '@backstage/catalog-model';
import {
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  CurrencyCost,
  EntityCostResponse,
} from '@skyforge/plugin-skyforge-common';
import { screen, within } from '@testing-library/react';
import {
  type GetEntityCostOptions,
  type SkyforgeApi,
  skyforgeApiRef,
} from '../api';
import { EntityCostCard } from './EntityCostCard';

jest.setTimeout(30_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
};

const usd: CurrencyCost = {
  currency: 'USD',
  total: 3210.4,
  series: [{ date: '2025-03-07', amount: 110.2 }],
  breakdown: [
    { key: 'Amazon Elastic Compute Cloud', amount: 3210.4, share: 1 },
  ],
  monthToDate: 1234.5,
  forecast: { monthEnd: 2100, method: 'linear: mean daily cost × days left' },
  previousPeriodTotal: 2860.1,
  changeRatio: 0.1225,
  budget: {
    monthly: 2500,
    currency: 'USD',
    usedRatio: 0.4938,
    forecastRatio: 0.84,
    status: 'ok',
  },
};

function costResponse(
  options: GetEntityCostOptions,
  currencies: CurrencyCost[],
): EntityCostResponse {
  return {
    entityRef: 'component:default/payments-api',
    from: options.from ?? '2025-02-06',
    to: options.to ?? '2025-03-07',
    granularity: options.granularity!,
    groupBy: options.groupBy!,
    selectors: [],
    hiddenCount: 0,
    currencies,
    sources: [],
  };
}

async function renderCard(
  api: Pick<SkyforgeApi, 'getEntityCost'>,
  subject: Entity = entity,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[skyforgeApiRef, api]]}>
      <EntityProvider entity={subject}>
        <EntityCostCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityCostCard', () => {
  it('summarises the last 30 days and links to the Cost tab', async () => {
    const getEntityCost = jest.fn(async (options: GetEntityCostOptions) =>
      costResponse(options, [usd]),
    );
    await renderCard({ getEntityCost });
    const section = await screen.findByRole('region', { name: 'Cost in USD' });
    expect(getEntityCost).toHaveBeenCalledWith(
      expect.objectContaining({ days: 30 }),
    );
    expect(
      within(
        within(section).getByRole('group', { name: 'Month to date' }),
      ).getByText('$1,234.50'),
    ).toBeInTheDocument();
    const forecast = within(section).getByRole('group', {
      name: 'Forecast for month end',
    });
    expect(within(forecast).getByText('$2,100.00')).toBeInTheDocument();
    expect(
      within(forecast).getByText('Method: linear: mean daily cost × days left'),
    ).toBeInTheDocument();
    const last30 = within(section).getByRole('group', { name: 'Last 30 days' });
    expect(within(last30).getByText('$3,210.40')).toBeInTheDocument();
    expect(
      within(last30).getByText('+12.3% vs previous 30 days'),
    ).toBeInTheDocument();
    expect(
      within(section).getByText('49.4% of $2,500.00 monthly budget used'),
    ).toBeInTheDocument();
    // One currency needs no currency heading.
    expect(within(section).queryByRole('heading')).toBeNull();
    expect(
      screen.getByRole('link', { name: /View cost details/ }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-api/cost');
  });

  it('shows one summary per currency and no gauge without a budget', async () => {
    await renderCard({
      getEntityCost: async options =>
        costResponse(options, [
          { ...usd, budget: undefined },
          { ...usd, currency: 'GBP', monthToDate: 42, budget: undefined },
        ]),
    });
    const gbp = await screen.findByRole('region', { name: 'Cost in GBP' });
    expect(
      within(
        within(gbp).getByRole('group', { name: 'Month to date' }),
      ).getByText('£42.00'),
    ).toBeInTheDocument();
    expect(
      within(gbp).getByRole('heading', { name: 'GBP' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Cost in USD' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('group', { name: 'Budget' }),
    ).not.toBeInTheDocument();
  });

  it('points to the selector annotation when there is no data', async () => {
    await renderCard({
      getEntityCost: async options => costResponse(options, []),
    });
    expect(
      await screen.findByText(/No cost data in the last 30 days/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('skyforge-component=payments-api'),
    ).toBeInTheDocument();
    expect(screen.getByText('skyforge.io/cost-selector')).toBeInTheDocument();
  });

  it('shows loading and error states', async () => {
    const { unmount } = await renderCard({
      getEntityCost: () => new Promise(() => {}),
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    unmount();
    await renderCard({
      getEntityCost: async () => {
        throw new Error('cost store unavailable');
      },
    });
    expect(
      (await screen.findAllByText(/cost store unavailable/)).length,
    ).toBeGreaterThan(0);
  });
});
