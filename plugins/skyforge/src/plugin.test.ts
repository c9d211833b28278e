import {
  ScaffolderFieldExtensions,
  useCustomFieldExtensions,
} from '@backstage/plugin-scaffolder-react';
import { TestApiProvider, mockApis } from '@backstage/frontend-test-utils';
import { renderHook } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { skyforgeApiRef } from './api';
import { SkyforgeCostEstimateField } from './components/SkyforgeCostEstimateField';
import {
  EntitySkyforgeCostCard,
  EntitySkyforgeCostContent,
  EntitySkyforgeHealthCard,
  EntitySkyforgeHealthContent,
  EntitySkyforgeStackUpgradeCard,
  SkyforgeCostEstimateFieldExtension,
  SkyforgeFleetPage,
  skyforgePlugin,
} from './plugin';
import {
  entityCostRouteRef,
  entityHealthRouteRef,
  fleetRouteRef,
  upgradeTemplateRouteRef,
} from './routes';

describe('skyforgePlugin (legacy frontend system)', () => {
  it('registers the API and the Cost route', () => {
    expect(skyforgePlugin.getId()).toBe('skyforge');
    expect([...skyforgePlugin.getApis()].map(factory => factory.api)).toEqual([
      skyforgeApiRef,
    ]);
    expect(skyforgePlugin.routes.entityCost).toBe(entityCostRouteRef);
    expect(skyforgePlugin.routes.entityHealth).toBe(entityHealthRouteRef);
    expect(skyforgePlugin.routes.fleet).toBe(fleetRouteRef);
    expect(skyforgePlugin.externalRoutes.upgradeTemplate).toBe(
      upgradeTemplateRouteRef,
    );
  });

  it('exports the stack upgrade card as a component', () => {
    expect(typeof EntitySkyforgeStackUpgradeCard).toBe('function');
  });

  it('exports the Health tab and card and the fleet page as components', () => {
    expect(typeof EntitySkyforgeHealthContent).toBe('function');
    expect(typeof EntitySkyforgeHealthCard).toBe('function');
    expect(typeof SkyforgeFleetPage).toBe('function');
  });

  it('exports the Cost tab and card as components', () => {
    expect(typeof EntitySkyforgeCostContent).toBe('function');
    expect(typeof EntitySkyforgeCostCard).toBe('function');
  });

  it('provides the SkyforgeCostEstimate field extension for the scaffolder', () => {
    const outlet = createElement(
      ScaffolderFieldExtensions,
      undefined,
      createElement(SkyforgeCostEstimateFieldExtension),
    );
    // The field extensions of the legacy app can be behind feature flags.
    const wrapper = ({ children }: { children: ReactNode }) =>
      createElement(TestApiProvider, {
        apis: [mockApis.featureFlags()],
        children,
      });
    const { result } = renderHook(() => useCustomFieldExtensions(outlet), {
      wrapper,
    });
    expect(result.current).toEqual([
      expect.objectContaining({
        name: 'SkyforgeCostEstimate',
        component: SkyforgeCostEstimateField,
      }),
    ]);
  });
});
