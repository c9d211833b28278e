import type { Entity } from '@backstage/catalog-model';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { RENDERER_VERSION } from '@skyforge/stack-renderer';
import { screen } from '@testing-library/react';
import { upgradeTemplateRouteRef } from '../routes';
import { EntityStackUpgradeCard } from './EntityStackUpgradeCard';

jest.setTimeout(30_000);

function component(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', namespace: 'default', annotations },
    spec: { type: 'service', owner: 'group:default/payments' },
  };
}

const behind = component({
  'skyforge.io/stack': './skyforge.yaml',
  'skyforge.io/renderer-version': '0.1.0',
});

describe('EntityStackUpgradeCard', () => {
  it('says which renderer rendered the stack and links the upgrade template with the entity filled in', async () => {
    await renderInTestApp(
      <EntityProvider entity={behind}>
        <EntityStackUpgradeCard />
      </EntityProvider>,
      {
        mountedRoutes: {
          '/create/templates/:namespace/:templateName': convertLegacyRouteRef(
            upgradeTemplateRouteRef,
          ),
        },
      },
    );
    expect(
      await screen.findByText('Skyforge upgrade available'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/This stack was rendered by Skyforge renderer 0\.1\.0;/),
    ).toHaveTextContent(`renderer ${RENDERER_VERSION} is installed`);
    // LinkButton renders an anchor with the button role.
    const link = screen.getByRole('button', {
      name: 'Open an upgrade pull request',
    });
    expect(link.tagName).toBe('A');
    const url = new URL(link.getAttribute('href')!, 'http://localhost');
    expect(url.pathname).toBe(
      '/create/templates/default/skyforge-upgrade-stack',
    );
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      component: 'component:default/payments-api',
    });
  });

  it('names the template without a link where the app has no scaffolder', async () => {
    await renderInTestApp(
      <EntityProvider
        entity={component({ 'skyforge.io/stack': './skyforge.yaml' })}
      >
        <EntityStackUpgradeCard />
      </EntityProvider>,
    );
    expect(await screen.findByText(/older than 0\.2\.0/)).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Open an upgrade pull request' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(/Run the “Upgrade a Skyforge stack” template/),
    ).toBeInTheDocument();
  });

  it('renders nothing for a stack rendered by the installed renderer', async () => {
    await renderInTestApp(
      <EntityProvider
        entity={component({
          'skyforge.io/stack': './skyforge.yaml',
          'skyforge.io/renderer-version': RENDERER_VERSION,
        })}
      >
        <EntityStackUpgradeCard />
      </EntityProvider>,
    );
    expect(screen.queryByText('Skyforge upgrade available')).toBeNull();
    expect(screen.queryByText(/rendered by/)).toBeNull();
  });
});
