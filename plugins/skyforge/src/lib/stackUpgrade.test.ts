import type { Entity } from '@backstage/catalog-model';
import { RENDERER_VERSION } from '@skyforge/stack-renderer';
import {
  isSkyforgeStackUpgradeAvailable,
  stackUpgrade,
  upgradeTemplateLink,
} from './stackUpgrade';

function component(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', namespace: 'default', annotations },
    spec: {},
  };
}

describe('stackUpgrade', () => {
  it('offers an upgrade when the stack was rendered by an older renderer', () => {
    expect(
      stackUpgrade(
        component({
          'skyforge.io/stack': './skyforge.yaml',
          'skyforge.io/renderer-version': '0.1.0',
        }),
      ),
    ).toEqual({ renderedBy: '0.1.0', installed: RENDERER_VERSION });
  });

  it('offers one for a stack rendered before the version annotation existed', () => {
    expect(
      stackUpgrade(component({ 'skyforge.io/stack': './skyforge.yaml' })),
    ).toEqual({ renderedBy: undefined, installed: RENDERER_VERSION });
  });

  it("offers none when the stack is current or newer, or not Skyforge's", () => {
    for (const annotations of [
      {
        'skyforge.io/stack': './skyforge.yaml',
        'skyforge.io/renderer-version': RENDERER_VERSION,
      },
      {
        'skyforge.io/stack': './skyforge.yaml',
        'skyforge.io/renderer-version': '999.0.0',
      },
      {
        'skyforge.io/stack': './skyforge.yaml',
        'skyforge.io/renderer-version': 'main',
      },
      { 'skyforge.io/renderer-version': '0.1.0' },
    ] as Array<Record<string, string>>) {
      expect(stackUpgrade(component(annotations))).toBeUndefined();
      expect(isSkyforgeStackUpgradeAvailable(component(annotations))).toBe(
        false,
      );
    }
  });

  it('links the upgrade template with the entity filled in', () => {
    const link = upgradeTemplateLink(
      '/create/templates/default/skyforge-upgrade-stack',
      component({}),
    );
    const url = new URL(link, 'http://localhost');
    expect(url.pathname).toBe(
      '/create/templates/default/skyforge-upgrade-stack',
    );
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      component: 'component:default/payments-api',
    });
  });
});
