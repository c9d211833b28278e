import { skyforgeCostSourcesExtensionPoint } from './extensions';

describe('skyforgeCostSourcesExtensionPoint', () => {
  it('has the id that the Skyforge backend registers', () => {
    expect(skyforgeCostSourcesExtensionPoint.id).toBe('skyforge.cost-sources');
  });
});
