import type { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type {
  CurrencyCost,
  EntityCostResponse,
} from '@skyforge/plugin-skyforge-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  type GetEntityCostOptions,
  type SkyforgeApi,
  skyforgeApiRef,
} from '../api';
import { EntityCostContent } from './EntityCostContent';
import { forbiddenError } from '../__testUtils__/forbiddenError';

const now = () => new Date('2025-03-07T12:00:00Z');

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/payments' },
};

const usd: CurrencyCost = {
  currency: 'USD',
  total: 3210.4,
  series: [
    { date: '2025-03-05', amount: 1000 },
    { date: '2025-03-06', amount: 1100.2 },
    { date: '2025-03-07', amount: 1110.2 },
  ],
  breakdown: [
    { key: 'Amazon Relational Database Service', amount: 810.4, share: 0.2524 },
    { key: 'Amazon Elastic Compute Cloud', amount: 2400, share: 0.7476 },
  ],
  monthToDate: 1234.5,
  forecast: {
    monthEnd: 5467.75,
    method: 'linear: mean daily cost of the last 14 days × remaining days',
  },
  previousPeriodTotal: 2860.1,
  changeRatio: 0.1225,
  budget: {
    monthly: 2500,
    currency: 'USD',
    usedRatio: 0.4938,
    forecastRatio: 2.1871,
    status: 'over',
  },
};

const eur: CurrencyCost = {
  currency: 'EUR',
  total: 98.76,
  series: [{ date: '2025-03-07', amount: 98.76 }],
  breakdown: [{ key: 'Virtual Machines', amount: 98.76, share: 1 }],
  monthToDate: 98.76,
  forecast: { monthEnd: 400.1, method: 'linear: mean daily cost × days' },
  previousPeriodTotal: 0,
};

function costResponse(
  options: GetEntityCostOptions,
  currencies: CurrencyCost[],
  hiddenCount = 0,
): EntityCostResponse {
  return {
    hiddenCount,
    entityRef: 'component:default/payments-api',
    from: options.from ?? '2025-02-06',
    to: options.to ?? '2025-03-07',
    granularity: options.granularity ?? 'day',
    groupBy: options.groupBy ?? 'service',
    selectors: [
      {
        entityRef: 'component:default/payments-api',
        selector: 'skyforge-component=payments-api',
      },
    ],
    currencies,
    sources: [
      {
        id: 'focus-aws',
        type: 'focus',
        lastSuccessAt: '2025-03-07T09:00:00Z',
        lastAttemptAt: '2025-03-07T09:00:00Z',
        dataThrough: '2025-03-06',
      },
      {
        id: 'opencost-prod',
        type: 'opencost',
        lastSuccessAt: '2025-03-05T12:00:00Z',
        lastAttemptAt: '2025-03-07T11:00:00Z',
        lastError: 'connect ECONNREFUSED 127.0.0.1:9003',
      },
    ],
  };
}

function mockApi(
  implementation: (
    options: GetEntityCostOptions,
  ) => Promise<EntityCostResponse>,
) {
  const getEntityCost = jest.fn(implementation);
  const api: Pick<SkyforgeApi, 'getEntityCost'> = { getEntityCost };
  return { api, getEntityCost };
}

function renderContent(
  api: Pick<SkyforgeApi, 'getEntityCost'>,
  subject: Entity = entity,
) {
  return renderInTestApp(
    <EntityProvider entity={subject}>
      <EntityCostContent now={now} />
    </EntityProvider>,
    { apis: [[skyforgeApiRef, api]] },
  );
}

// Material tables and charts render slowly on small CI machines.
jest.setTimeout(30_000);

describe('EntityCostContent', () => {
  it('shows progress while loading', async () => {
    const { api } = mockApi(() => new Promise(() => {}));
    renderContent(api);
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows the server error', async () => {
    const { api } = mockApi(async () => {
      throw await forbiddenError({
        message: 'Missing skyforge.cost.read',
        url: '/cost',
      });
    });
    renderContent(api);
    expect(
      await screen.findByText(/Request failed with 403 Forbidden/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/Missing skyforge.cost.read/).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText('Cost in USD')).not.toBeInTheDocument();
  });

  it('explains the default selector when there are no rows and no annotation', async () => {
    const { api } = mockApi(async options => costResponse(options, []));
    renderContent(api);
    expect(await screen.findByText('Missing Annotation')).toBeInTheDocument();
    expect(
      screen.getAllByText('skyforge-component=payments-api').length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByText(/No cost rows matched the default selector/),
    ).toBeInTheDocument();
    // Source freshness stays visible: a failing source is a likely reason for no data.
    expect(
      screen.getByText('Last error: connect ECONNREFUSED 127.0.0.1:9003'),
    ).toBeInTheDocument();
  });

  it('names the annotated selector when it matched nothing', async () => {
    const { api } = mockApi(async options =>
      costResponse(options, [{ ...eur, series: [], breakdown: [], total: 0 }]),
    );
    renderContent(api, {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: { 'skyforge.io/cost-selector': 'team=payments' },
      },
    });
    expect(await screen.findByText('No cost data')).toBeInTheDocument();
    expect(screen.getByText('team=payments')).toBeInTheDocument();
    expect(screen.queryByText('Missing Annotation')).not.toBeInTheDocument();
  });

  it('says how many parts of a roll-up permissions hide, and nothing when none', async () => {
    const { api } = mockApi(async options => costResponse(options, [usd], 1));
    renderContent(api);
    await screen.findByText('Cost in USD');
    expect(screen.getByRole('note')).toHaveTextContent(
      '1 part hidden by permissions',
    );
  });

  it('requests the last 30 days by day and service, then follows the controls', async () => {
    const { api, getEntityCost } = mockApi(async options =>
      costResponse(options, [usd]),
    );
    renderContent(api);
    await screen.findByText('Cost in USD');
    expect(getEntityCost).toHaveBeenLastCalledWith({
      entityRef: {
        kind: 'Component',
        namespace: 'default',
        name: 'payments-api',
      },
      days: 30,
      granularity: 'day',
      groupBy: 'service',
    });

    fireEvent.click(screen.getByRole('button', { name: 'Last 90 days' }));
    await waitFor(() =>
      expect(getEntityCost).toHaveBeenLastCalledWith(
        expect.objectContaining({ days: 90 }),
      ),
    );
    await screen.findByText('Cost in USD');

    fireEvent.click(screen.getByRole('button', { name: 'Monthly' }));
    await waitFor(() =>
      expect(getEntityCost).toHaveBeenLastCalledWith(
        expect.objectContaining({ days: 90, granularity: 'month' }),
      ),
    );
    expect(await screen.findByText('Monthly cost')).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('Break down by'), {
      target: { value: 'environment' },
    });
    await waitFor(() =>
      expect(getEntityCost).toHaveBeenLastCalledWith(
        expect.objectContaining({ groupBy: 'environment' }),
      ),
    );
    expect(await screen.findByText('Cost by environment')).toBeInTheDocument();
  });

  it('shows the chart, formatted figures, the breakdown and the budget', async () => {
    const { api } = mockApi(async options => costResponse(options, [usd]));
    renderContent(api);
    const section = await screen.findByRole('region', { name: 'Cost in USD' });

    const chart = within(section).getByRole('img', {
      name: 'Daily cost in USD from 2025-02-06 to 2025-03-07',
    });
    expect(chart.querySelector('svg.recharts-surface')).not.toBeNull();
    // Recharts draws the bars in a render after the surface.
    await waitFor(() =>
      expect(chart.querySelectorAll('.recharts-bar-rectangle')).toHaveLength(3),
    );

    const total = within(section).getByRole('group', {
      name: 'Total, last 30 days',
    });
    expect(within(total).getByText('$3,210.40')).toBeInTheDocument();
    const monthToDate = within(section).getByRole('group', {
      name: 'Month to date',
    });
    expect(within(monthToDate).getByText('$1,234.50')).toBeInTheDocument();
    const forecast = within(section).getByRole('group', {
      name: 'Forecast for month end',
    });
    expect(within(forecast).getByText('$5,467.75')).toBeInTheDocument();
    expect(
      within(forecast).getByText(
        'Method: linear: mean daily cost of the last 14 days × remaining days',
      ),
    ).toBeInTheDocument();
    const change = within(section).getByRole('group', {
      name: 'Change vs previous period',
    });
    expect(within(change).getByText('+12.3%')).toBeInTheDocument();
    expect(
      within(change).getByText('Previous 30 days: $2,860.10'),
    ).toBeInTheDocument();

    // Breakdown rows, largest first, with formatted amount and share.
    const rows = within(section).getAllByRole('row');
    const cells = rows.map(row =>
      within(row)
        .queryAllByRole('cell')
        .map(cell => cell.textContent),
    );
    expect(cells.filter(row => row.length > 0)).toEqual([
      ['Amazon Elastic Compute Cloud', '$2,400.00', '74.8%'],
      ['Amazon Relational Database Service', '$810.40', '25.2%'],
    ]);
    const breakdownChart = within(section).getByRole('img', {
      name: 'Cost by service in USD',
    });
    await waitFor(() =>
      expect(
        breakdownChart.querySelectorAll('.recharts-bar-rectangle'),
      ).toHaveLength(2),
    );

    const budget = within(section).getByRole('group', { name: 'Budget' });
    expect(
      within(budget).getByText('49.4% of $2,500.00 monthly budget used'),
    ).toBeInTheDocument();
    expect(
      within(budget).getByText('Over budget: forecast 218.7% of budget'),
    ).toBeInTheDocument();
  });

  it('shows source freshness relative to the clock', async () => {
    const { api } = mockApi(async options => costResponse(options, [usd]));
    renderContent(api);
    const sources = await screen.findByRole('list', { name: 'Cost sources' });
    const focus = within(sources).getByRole('listitem', { name: 'focus-aws' });
    expect(
      within(focus).getByText(
        'Last success 3 hours ago, data through 2025-03-06',
      ),
    ).toBeInTheDocument();
    expect(within(focus).getByText('Up to date')).toBeInTheDocument();
    const opencost = within(sources).getByRole('listitem', {
      name: 'opencost-prod',
    });
    expect(within(opencost).getByText('Failing')).toBeInTheDocument();
    expect(
      within(opencost).getByText('Last success 2 days ago'),
    ).toBeInTheDocument();
  });

  it('leaves the budget out when there is none', async () => {
    const { api } = mockApi(async options =>
      costResponse(options, [{ ...usd, budget: undefined }]),
    );
    renderContent(api);
    await screen.findByRole('region', { name: 'Cost in USD' });
    expect(
      screen.queryByRole('group', { name: 'Budget' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(/monthly budget used/)).not.toBeInTheDocument();
  });

  it('shows each currency in its own section and never sums them', async () => {
    const { api } = mockApi(async options => costResponse(options, [usd, eur]));
    renderContent(api);
    const usdSection = await screen.findByRole('region', {
      name: 'Cost in USD',
    });
    const eurSection = screen.getByRole('region', { name: 'Cost in EUR' });
    expect(
      within(
        within(usdSection).getByRole('group', { name: 'Total, last 30 days' }),
      ).getByText('$3,210.40'),
    ).toBeInTheDocument();
    expect(
      within(
        within(eurSection).getByRole('group', { name: 'Total, last 30 days' }),
      ).getByText('€98.76'),
    ).toBeInTheDocument();
    // No previous-period cost: the change is not a number.
    expect(
      within(
        within(eurSection).getByRole('group', {
          name: 'Change vs previous period',
        }),
      ).getByText('n/a'),
    ).toBeInTheDocument();
    expect(
      within(eurSection).getByRole('cell', { name: 'Virtual Machines' }),
    ).toBeInTheDocument();
    expect(
      within(eurSection).queryByRole('group', { name: 'Budget' }),
    ).toBeNull();
    // 3,210.40 + 98.76 must appear nowhere.
    expect(screen.queryByText(/3,309\.16/)).not.toBeInTheDocument();
    expect(screen.getByText(/billed in 2 currencies/)).toBeInTheDocument();
  });
});
