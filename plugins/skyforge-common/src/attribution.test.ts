import {
  COMPONENT_TAG,
  componentCostSelector,
  formatCostSelector,
  matchesCostSelector,
  parseCostSelector,
  sanitizeTagValue,
  TAG_KEYS,
} from './attribution';

describe('the attribution contract', () => {
  it('selects a component by the tag the renderer writes first', () => {
    expect(COMPONENT_TAG).toBe(TAG_KEYS[0]);
    const selector = parseCostSelector(componentCostSelector('payments-api'));
    expect(selector.terms).toEqual([
      { key: 'skyforge-component', value: 'payments-api' },
    ]);
    expect(formatCostSelector(selector)).toBe(
      componentCostSelector('payments-api'),
    );
  });

  it('matches the tags of a rendered resource, whatever the case of their keys', () => {
    const tags = {
      'Skyforge-Component': sanitizeTagValue('Payments API'),
      environment: 'prod',
    };
    expect(
      matchesCostSelector(
        parseCostSelector(
          `${componentCostSelector('payments-api')},environment=prod`,
        ),
        tags,
      ),
    ).toBe(true);
    expect(
      matchesCostSelector(parseCostSelector('environment=dev'), tags),
    ).toBe(false);
  });

  it('refuses a malformed selector naming the term', () => {
    expect(() => parseCostSelector('skyforge-component')).toThrow(
      "Cost selector term 'skyforge-component' is not of the form key=value",
    );
  });
});
