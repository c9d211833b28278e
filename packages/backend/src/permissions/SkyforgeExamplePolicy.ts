import type { UserInfoService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  type PermissionCondition,
  type PermissionCriteria,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  skyforgeCostReadPermission,
  skyforgeHealthReadPermission,
} from '@skyforge/plugin-skyforge-common';
import type { GroupHierarchy } from './GroupHierarchy';

/** Permissions read by the owners of an entity (and their parent groups) and by admins only. */
const OWNER_PERMISSIONS = new Set([
  skyforgeCostReadPermission.name,
  skyforgeHealthReadPermission.name,
]);

/**
 * The app's permission policy, an example to narrow further:
 *
 * - members of an admin group (`skyforge.policy.adminGroups`) are allowed everything;
 * - `skyforge.cost.read` and `skyforge.health.read` on an entity are allowed to its owning
 *   group's members and to the members of that group's parent groups (at any depth), on a Group
 *   itself to its members and those of its parents, and `skyforge.health.read` on a
 *   `kubernetes-cluster` Resource to every signed-in user (application teams see whether the
 *   cluster their workloads run on is healthy; its cost stays with its owners);
 * - every other permission is allowed, as without a policy (catalog reads, the scaffolder, the
 *   Kubernetes plugin, the other Skyforge permissions), except that Skyforge's are never allowed
 *   to an unauthenticated caller.
 *
 * Ownership is decided by the catalog (conditional decisions with `catalogConditions`, which the
 * permission backend has the catalog evaluate for each entity), from the user's ownership refs
 * (the user and the groups the sign-in resolver found) plus every group below those groups.
 */
export class SkyforgeExamplePolicy implements PermissionPolicy {
  constructor(
    private readonly options: {
      adminGroups: string[];
      userInfo: UserInfoService;
      groups: GroupHierarchy;
    },
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!permission.name.startsWith('skyforge.')) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const { ownershipEntityRefs } = await this.options.userInfo.getUserInfo(
      user.credentials,
    );
    if (
      ownershipEntityRefs.some(ref => this.options.adminGroups.includes(ref))
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (
      !OWNER_PERMISSIONS.has(permission.name) ||
      !isResourcePermission(permission, 'catalog-entity')
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    const claims = [
      ...ownershipEntityRefs,
      ...(await this.options.groups.descendantsOf(
        ownershipEntityRefs.filter(isGroupRef),
      )),
    ];
    const rest: PermissionCriteria<PermissionCondition<'catalog-entity'>>[] = [
      ...claims.filter(isGroupRef).map(isEntity),
    ];
    if (permission.name === skyforgeHealthReadPermission.name) {
      rest.push({
        allOf: [
          catalogConditions.isEntityKind({ kinds: ['Resource'] }),
          catalogConditions.hasSpec({
            key: 'type',
            value: 'kubernetes-cluster',
          }),
        ],
      });
    }
    return createCatalogConditionalDecision(permission, {
      anyOf: [catalogConditions.isEntityOwner({ claims }), ...rest],
    });
  }
}

function isGroupRef(ref: string): boolean {
  return parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group';
}

/** The catalog entity `ref` itself (kind, namespace and name). */
function isEntity(
  ref: string,
): PermissionCriteria<PermissionCondition<'catalog-entity'>> {
  const { kind, namespace, name } = parseEntityRef(ref);
  return {
    allOf: [
      catalogConditions.isEntityKind({ kinds: [kind] }),
      catalogConditions.hasMetadata({ key: 'namespace', value: namespace }),
      catalogConditions.hasMetadata({ key: 'name', value: name }),
    ],
  };
}
