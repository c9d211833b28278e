import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  skyforgeCostReadPermission,
  skyforgeCostSourcesReadPermission,
  skyforgeHealthReadPermission,
} from '@skyforge/plugin-skyforge-common';
import { GroupHierarchy } from './GroupHierarchy';
import { SkyforgeExamplePolicy } from './SkyforgeExamplePolicy';

function group(name: string, children: string[] = []): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children },
    // As the catalog derives them from spec.children / spec.parent.
    relations: children.map(child => ({
      type: 'parentOf',
      targetRef: `group:default/${child}`,
    })),
  };
}

function owned(kind: string, name: string, owner: string, spec = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec: { owner, ...spec },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

const entities: Entity[] = [
  group('engineering', ['platform', 'payments']),
  group('platform'),
  group('payments', ['payments-mobile']),
  group('payments-mobile'),
  owned('Component', 'payments-api', 'payments'),
  owned('Component', 'wallet-app', 'payments-mobile'),
  owned('Component', 'prime-manager-drive', 'platform'),
  owned('Resource', 'demo-cluster', 'platform', { type: 'kubernetes-cluster' }),
];
const byName = (name: string) =>
  entities.find(entity => entity.metadata.name === name)!;

// What the sign-in resolver puts in each user's token: the user and their direct groups.
const ownership: Record<string, string[]> = {
  'user:default/guest': ['group:default/payments'],
  'user:default/margaret': ['group:default/engineering'],
  'user:default/ada': ['group:default/platform'],
};

function setup() {
  const catalog = catalogServiceMock({ entities });
  const getEntities = jest.spyOn(catalog, 'getEntities');
  const policy = new SkyforgeExamplePolicy({
    adminGroups: ['group:default/platform'],
    userInfo: {
      async getUserInfo(credentials) {
        const userEntityRef = (
          credentials.principal as { userEntityRef: string }
        ).userEntityRef;
        return {
          userEntityRef,
          ownershipEntityRefs: [userEntityRef, ...ownership[userEntityRef]],
        };
      },
    },
    groups: new GroupHierarchy({ catalog, auth: mockServices.auth() }),
  });
  // The catalog's own rules, as the catalog applies a conditional decision to one entity.
  const authorize = createConditionAuthorizer(Object.values(permissionRules));
  const decide = (
    permission:
      | typeof skyforgeCostReadPermission
      | typeof skyforgeHealthReadPermission,
    user: string,
  ) =>
    policy.handle(
      { permission },
      { credentials: mockCredentials.user(user), info: undefined as never },
    );
  return { policy, authorize, decide, getEntities };
}

describe('SkyforgeExamplePolicy', () => {
  it("gives a team the cost and health of what it and the groups below it own, not another team's", async () => {
    const { decide, authorize } = setup();
    for (const permission of [
      skyforgeCostReadPermission,
      skyforgeHealthReadPermission,
    ]) {
      const decision = await decide(permission, 'user:default/guest');
      expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
      expect(authorize(decision, byName('payments-api'))).toBe(true);
      expect(authorize(decision, byName('wallet-app'))).toBe(true);
      expect(authorize(decision, byName('prime-manager-drive'))).toBe(false);
      // A Group's own roll-up: its members, and those of the groups above it.
      expect(authorize(decision, byName('payments'))).toBe(true);
      expect(authorize(decision, byName('payments-mobile'))).toBe(true);
      expect(authorize(decision, byName('platform'))).toBe(false);
    }
  });

  it("gives a parent group's members what every team below it owns", async () => {
    const { decide, authorize } = setup();
    const decision = await decide(
      skyforgeCostReadPermission,
      'user:default/margaret',
    );
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
    });
    for (const name of [
      'payments-api',
      'wallet-app',
      'prime-manager-drive',
      'engineering',
      'platform',
    ]) {
      expect(authorize(decision, byName(name))).toBe(true);
    }
  });

  it("shows every signed-in user a cluster's health, but its cost only to its owners", async () => {
    const { decide, authorize } = setup();
    const cluster = byName('demo-cluster');
    expect(
      authorize(
        await decide(skyforgeHealthReadPermission, 'user:default/guest'),
        cluster,
      ),
    ).toBe(true);
    expect(
      authorize(
        await decide(skyforgeCostReadPermission, 'user:default/guest'),
        cluster,
      ),
    ).toBe(false);
  });

  it('allows an admin group everything, unconditionally', async () => {
    const { decide } = setup();
    expect(
      await decide(skyforgeCostReadPermission, 'user:default/ada'),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it("leaves other permissions as Backstage's defaults, and denies Skyforge's to the unauthenticated", async () => {
    const { policy } = setup();
    const user = {
      credentials: mockCredentials.user('user:default/guest'),
      info: undefined as never,
    };
    const results = async (decisions: Promise<PolicyDecision>[]) =>
      (await Promise.all(decisions)).map(decision => decision.result);
    expect(
      await results([
        policy.handle({ permission: catalogEntityReadPermission }, user),
        policy.handle({ permission: skyforgeCostSourcesReadPermission }, user),
        policy.handle({ permission: catalogEntityReadPermission }),
        policy.handle({ permission: skyforgeCostReadPermission }),
        policy.handle({ permission: skyforgeCostSourcesReadPermission }),
      ]),
    ).toEqual([
      AuthorizeResult.ALLOW,
      AuthorizeResult.ALLOW,
      AuthorizeResult.ALLOW,
      AuthorizeResult.DENY,
      AuthorizeResult.DENY,
    ]);
  });

  it('reads the group tree once for many decisions', async () => {
    const { decide, getEntities } = setup();
    await Promise.all(
      Array.from({ length: 10 }, () =>
        decide(skyforgeCostReadPermission, 'user:default/guest'),
      ),
    );
    expect(getEntities).toHaveBeenCalledTimes(1);
  });
});
