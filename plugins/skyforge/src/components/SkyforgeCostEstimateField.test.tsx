import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import {
  fireEvent,
  render,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { useState } from 'react';
import type { CostEstimateValue } from '../lib/costEstimateField';
import { SkyforgeCostEstimateField } from './SkyforgeCostEstimateField';

jest.setTimeout(30_000);

/** The values of the kubernetes-platform template's form once the cloud and cluster are chosen. */
const form = {
  name: 'payments-api',
  owner: 'group:default/payments',
  cloud: 'aws',
  region: 'us-east-1',
  environments: ['dev', 'staging', 'prod'],
  size: 'small',
  spot: 'dev',
  gpu: false,
  postgres: true,
  redis: true,
  objectStorage: true,
  registry: true,
  monitoring: true,
};

function dollars(text: string | null): number {
  return Number((text ?? '').replace(/[$,]/g, ''));
}

/** The field as the scaffolder's form renders it: the whole form in the context, its own value in state. */
function FieldInForm(props: {
  values: Record<string, unknown>;
  type?: string;
  onValue?: (value: CostEstimateValue | undefined) => void;
}) {
  const [value, setValue] = useState<CostEstimateValue | undefined>();
  const fieldProps = {
    name: 'costEstimate',
    schema: { type: props.type ?? 'number', title: 'Estimated monthly cost' },
    uiSchema: {},
    idSchema: { $id: 'root_costEstimate' },
    formData: value,
    formContext: { formData: { ...props.values, costEstimate: value } },
    onChange: (next: CostEstimateValue | undefined) => {
      setValue(next);
      props.onValue?.(next);
    },
    onBlur: () => {},
    onFocus: () => {},
    disabled: false,
    readonly: false,
    rawErrors: [],
    registry: {},
  } as unknown as FieldExtensionComponentProps<CostEstimateValue>;
  return <SkyforgeCostEstimateField {...fieldProps} />;
}

/** The amounts of a row, after its environment header. */
function cellsOf(table: HTMLElement, rowName: RegExp): string[] {
  return within(within(table).getByRole('row', { name: rowName }))
    .getAllByRole('cell')
    .map(cell => cell.textContent ?? '')
    .slice(1);
}

describe('SkyforgeCostEstimateField', () => {
  it('shows the monthly cost per environment and cloud, and more for a larger size', () => {
    const onValue = jest.fn();
    const { rerender } = render(
      <FieldInForm values={form} onValue={onValue} />,
    );
    const table = screen.getByRole('table', { name: 'Estimated monthly cost' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(cell => cell.textContent),
    ).toEqual(['Environment', 'AWS (us-east-1)']);
    const small = {
      dev: dollars(cellsOf(table, /^dev/)[0]),
      staging: dollars(cellsOf(table, /^staging/)[0]),
      prod: dollars(cellsOf(table, /^prod/)[0]),
      total: dollars(
        within(table).getByRole('cell', { name: 'Total per month' })
          .textContent,
      ),
    };
    expect(small.dev).toBeGreaterThan(0);
    expect(small.prod).toBeGreaterThan(small.dev);
    expect(small.total).toBeCloseTo(small.dev + small.staging + small.prod, 2);
    expect(onValue).toHaveBeenLastCalledWith(small.total);
    expect(
      screen.getByText(/USD per month from list prices as of/),
    ).toBeInTheDocument();

    rerender(
      <FieldInForm values={{ ...form, size: 'large' }} onValue={onValue} />,
    );
    const large = screen.getByRole('table', { name: 'Estimated monthly cost' });
    expect(dollars(cellsOf(large, /^dev/)[0])).toBeGreaterThan(small.dev);
    expect(dollars(cellsOf(large, /^staging/)[0])).toBeGreaterThan(
      small.staging,
    );
    expect(dollars(cellsOf(large, /^prod/)[0])).toBeGreaterThan(small.prod);
    const largeTotal = dollars(
      within(large).getByRole('cell', { name: 'Total per month' }).textContent,
    );
    expect(largeTotal).toBeGreaterThan(small.total);
    expect(onValue).toHaveBeenLastCalledWith(largeTotal);
  });

  it('has a column per cloud and a total column for several clouds', () => {
    render(
      <FieldInForm
        values={{
          ...form,
          cloud: undefined,
          region: undefined,
          clouds: ['aws', 'azure'],
          regions: { aws: 'us-east-1', azure: 'westeurope' },
          environments: ['prod'],
        }}
      />,
    );
    const table = screen.getByRole('table', { name: 'Estimated monthly cost' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(cell => cell.textContent),
    ).toEqual([
      'Environment',
      'AWS (us-east-1)',
      'Azure (westeurope)',
      'Total',
    ]);
    const [aws, azure, total] = cellsOf(table, /^prod/).map(dollars);
    expect(total).toBeCloseTo(aws + azure, 2);
  });

  it('adds up two clouds chosen in the Create form: a subtotal per cloud and a total per environment', () => {
    const onValue = jest.fn();
    render(
      <FieldInForm
        values={{
          ...form,
          cloud: undefined,
          region: undefined,
          // The Create form's shape: the chosen clouds, and a region select for every cloud.
          clouds: ['aws', 'gcp'],
          regions: { aws: 'eu-west-1', gcp: 'europe-west4', azure: 'eastus' },
          gcpProjects: { staging: 'acme-pay-staging', prod: 'acme-pay-prod' },
          environments: ['staging', 'prod'],
        }}
        onValue={onValue}
      />,
    );
    const table = screen.getByRole('table', { name: 'Estimated monthly cost' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(cell => cell.textContent),
    ).toEqual([
      'Environment',
      'AWS (eu-west-1)',
      'GCP (europe-west4)',
      'Total',
    ]);
    const staging = cellsOf(table, /^staging/).map(dollars);
    const prod = cellsOf(table, /^prod/).map(dollars);
    for (const [aws, gcp, total] of [staging, prod]) {
      expect(aws).toBeGreaterThan(0);
      expect(gcp).toBeGreaterThan(0);
      expect(total).toBeCloseTo(aws + gcp, 2);
    }
    // The last row: each cloud's subtotal over the environments, and the overall total.
    const [awsTotal, gcpTotal, overall] = cellsOf(table, /^Total/).map(dollars);
    expect(awsTotal).toBeCloseTo(staging[0] + prod[0], 2);
    expect(gcpTotal).toBeCloseTo(staging[1] + prod[1], 2);
    expect(overall).toBeCloseTo(awsTotal + gcpTotal, 2);
    expect(onValue).toHaveBeenLastCalledWith(overall);
  });

  it('names the missing field and stores nothing while the form is incomplete', () => {
    const onValue = jest.fn();
    const { rerender } = render(
      <FieldInForm values={{ ...form, region: undefined }} onValue={onValue} />,
    );
    expect(screen.getByRole('status')).toHaveTextContent(
      'Fill in region to see an estimate.',
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(onValue).not.toHaveBeenCalled();

    rerender(
      <FieldInForm values={{ ...form, size: 'huge' }} onValue={onValue} />,
    );
    expect(screen.getByRole('status')).toHaveTextContent(
      'Fix size to see an estimate: must be one of small, medium, large.',
    );
  });

  it('clears its value when the form becomes incomplete again', () => {
    const onValue = jest.fn();
    const { rerender } = render(
      <FieldInForm values={form} onValue={onValue} />,
    );
    expect(onValue).toHaveBeenLastCalledWith(expect.any(Number));
    rerender(<FieldInForm values={{ ...form, cloud: '' }} onValue={onValue} />);
    expect(screen.getByRole('status')).toHaveTextContent(
      'Fill in cloud to see an estimate.',
    );
    expect(onValue).toHaveBeenLastCalledWith(undefined);
  });

  it('stores an object when its schema is an object', () => {
    const onValue = jest.fn();
    render(<FieldInForm values={form} type="object" onValue={onValue} />);
    expect(onValue).toHaveBeenLastCalledWith({
      monthly: expect.any(Number),
      currency: 'USD',
      pricesAsOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
  });

  it('follows the values of the real scaffolder form and never blocks it', async () => {
    const onCreate = jest.fn(async () => {});
    await renderInTestApp(
      <Stepper
        manifest={{
          title: 'Kubernetes platform',
          steps: [
            {
              title: 'Cloud',
              schema: {
                properties: {
                  cloud: { type: 'string', title: 'Cloud', default: 'aws' },
                  region: {
                    type: 'string',
                    title: 'Region',
                    default: 'us-east-1',
                  },
                  size: { type: 'string', title: 'Size', default: 'small' },
                  costEstimate: {
                    type: 'object',
                    title: 'Estimated monthly cost',
                    'ui:field': 'SkyforgeCostEstimate',
                  },
                },
              },
            },
          ],
        }}
        extensions={[
          {
            name: 'SkyforgeCostEstimate',
            component: SkyforgeCostEstimateField,
          },
        ]}
        onCreate={onCreate}
      />,
    );
    const total = async () =>
      dollars(
        (await screen.findByRole('cell', { name: 'Total per month' }))
          .textContent,
      );
    const small = await total();
    expect(small).toBeGreaterThan(0);

    fireEvent.change(screen.getByRole('textbox', { name: 'Size' }), {
      target: { value: 'large' },
    });
    await waitFor(async () => expect(await total()).toBeGreaterThan(small));
    const large = await total();

    fireEvent.change(screen.getByRole('textbox', { name: 'Region' }), {
      target: { value: '' },
    });
    expect(
      await screen.findByText('Fill in region to see an estimate.'),
    ).toBeInTheDocument();
    fireEvent.change(screen.getByRole('textbox', { name: 'Region' }), {
      target: { value: 'us-east-1' },
    });
    await waitFor(async () => expect(await total()).toBe(large));

    fireEvent.click(screen.getByRole('button', { name: 'Review' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Create' }));
    await waitFor(() => expect(onCreate).toHaveBeenCalledTimes(1));
    expect(onCreate).toHaveBeenCalledWith(
      expect.objectContaining({
        size: 'large',
        costEstimate: expect.objectContaining({
          monthly: large,
          currency: 'USD',
        }),
      }),
    );
  });
});
