import type { Entity } from '@backstage/catalog-model';
import {
  formatCostSelector,
  matchesCostSelector,
} from '@skyforge/plugin-skyforge-common';
import {
  costSelectorText,
  parseBudget,
  parseCostSelector,
} from './costSelector';

const entity = (annotations: Record<string, string> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', annotations },
  spec: {},
});

describe('parseCostSelector', () => {
  it('parses comma-separated key=value terms, trimming and lower-casing keys only', () => {
    expect(
      parseCostSelector(
        ' Skyforge-Component = payments-api , environment=Prod ',
      ),
    ).toEqual({
      terms: [
        { key: 'skyforge-component', value: 'payments-api' },
        { key: 'environment', value: 'Prod' },
      ],
    });
  });

  it('keeps "=" inside values and drops duplicate terms', () => {
    expect(parseCostSelector('expr=a=b,expr=a=b')).toEqual({
      terms: [{ key: 'expr', value: 'a=b' }],
    });
  });

  it.each(['', 'a', '=b', 'a=', 'a=b,', 'a=b,,c=d'])('rejects %j', text => {
    expect(() => parseCostSelector(text)).toThrow(
      /cost selector|key=value|empty key/i,
    );
  });

  it('formats back to the normal form', () => {
    expect(formatCostSelector(parseCostSelector('A=1, b = 2'))).toBe('a=1,b=2');
  });
});

describe('matchesCostSelector', () => {
  const selector = parseCostSelector('org=trey,env=prod');

  it('requires every term', () => {
    expect(
      matchesCostSelector(selector, { org: 'trey', env: 'prod', x: 'y' }),
    ).toBe(true);
    expect(matchesCostSelector(selector, { org: 'trey' })).toBe(false);
    expect(matchesCostSelector(selector, {})).toBe(false);
  });

  it('compares keys trimmed and case-insensitively, values exactly', () => {
    expect(matchesCostSelector(selector, { ' org': 'trey', ENV: 'prod' })).toBe(
      true,
    );
    expect(matchesCostSelector(selector, { org: 'Trey', env: 'prod' })).toBe(
      false,
    );
  });
});

describe('costSelectorText', () => {
  it('defaults to skyforge-component=<name>', () => {
    expect(costSelectorText(entity())).toBe('skyforge-component=payments-api');
    expect(
      costSelectorText(entity({ 'skyforge.io/cost-selector': '  ' })),
    ).toBe('skyforge-component=payments-api');
    expect(
      costSelectorText(
        entity({ 'skyforge.io/cost-selector': 'application=BrightPathMatrix' }),
      ),
    ).toBe('application=BrightPathMatrix');
  });
});

describe('parseBudget', () => {
  it('reads "<amount> <currency>"', () => {
    expect(parseBudget(entity({ 'skyforge.io/budget': '2500 USD' }))).toEqual({
      monthly: 2500,
      currency: 'USD',
    });
    expect(
      parseBudget(entity({ 'skyforge.io/budget': '1_000.50eur' })),
    ).toEqual({
      monthly: 1000.5,
      currency: 'EUR',
    });
    expect(parseBudget(entity())).toBeUndefined();
  });

  it('rejects other forms', () => {
    expect(() =>
      parseBudget(entity({ 'skyforge.io/budget': 'USD 2500' })),
    ).toThrow(/skyforge.io\/budget 'USD 2500'/);
  });
});
