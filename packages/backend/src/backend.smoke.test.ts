import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  guestIdentity,
  startBackend,
  waitFor,
  type RunningBackend,
} from './__testUtils__/startBackend';

/**
 * Boots the real backend (src/index.ts, every plugin it wires) on a free loopback port with a
 * temporary SQLite directory, signs in as the guest user and reads the catalog over HTTP, as the
 * frontend does.
 */
describe('backend smoke test (real backend, temporary SQLite)', () => {
  let backend: RunningBackend;

  beforeAll(async () => {
    backend = await startBackend({ backendDir: resolve(__dirname, '..') });
  }, 120_000);

  afterAll(() => backend?.stop());

  it('serves the example catalog to a guest user and stores it in SQLite', async () => {
    const { baseUrl } = backend;
    const first = await guestIdentity(baseUrl);
    expect(first.identity.userEntityRef).toBe('user:default/guest');

    const expected = [
      'component:default/payments-api',
      'component:default/payments-web',
      'system:default/payments',
      'resource:default/payments-db-prod',
      'group:default/platform',
      'user:default/grace',
    ];
    const refs = await waitFor({
      what: 'the example entities in the catalog',
      attempt: async () => {
        const response = await fetch(
          `${baseUrl}/api/catalog/entities/by-query?limit=500&fields=kind,metadata.name,metadata.namespace`,
          { headers: { Authorization: `Bearer ${first.token}` } },
        );
        if (!response.ok) return undefined;
        const body = await response.json();
        const found: string[] = body.items.map(
          (item: {
            kind: string;
            metadata: { name: string; namespace?: string };
          }) =>
            `${item.kind.toLowerCase()}:${
              item.metadata.namespace ?? 'default'
            }/${item.metadata.name}`,
        );
        return expected.every(ref => found.includes(ref)) ? found : undefined;
      },
      timeoutMs: 60_000,
      backend,
    });
    expect(refs).toEqual(expect.arrayContaining(expected));

    // Now that the User entity is in the catalog, sign-in resolves the guest's team membership.
    const second = await guestIdentity(baseUrl);
    expect(second.identity.ownershipEntityRefs).toContain(
      'group:default/payments',
    );

    const unauthenticated = await fetch(
      `${baseUrl}/api/catalog/entities/by-query?limit=1`,
    );
    expect(unauthenticated.status).toBe(401);

    const sqliteDir = join(backend.workDir, 'sqlite');
    expect(existsSync(sqliteDir)).toBe(true);
    expect(readdirSync(sqliteDir)).toEqual(
      expect.arrayContaining(['catalog.sqlite']),
    );
  }, 90_000);
});
