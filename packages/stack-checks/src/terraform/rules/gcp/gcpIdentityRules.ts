import type { ParsedTerraform, TerraformRule } from '../../types';
import { blocks, isExpression, lookup, strings } from '../ruleHelpers';

/** Roles that let their holder grant itself anything in the project. */
const ROLE_GRANTING_ROLES = [
  'roles/owner',
  'roles/resourcemanager.projectIamAdmin',
  'roles/iam.securityAdmin',
];

/** Every `roles/...` string in the closure's locals (the role lists bindings iterate over). */
function rolesInLocals(parsed: ParsedTerraform, names: string[]): string[] {
  return parsed.locals
    .filter(local => names.includes(local.name))
    .flatMap(local => strings(local.body.value))
    .filter(text => text.startsWith('roles/'));
}

/** `local.<name>` references in a value. */
function localReferences(value: unknown): string[] {
  return strings(value as never).flatMap(text =>
    [...text.matchAll(/\blocal\.([A-Za-z0-9_]+)/g)].map(match => match[1]),
  );
}

/**
 * GCP identity rules, one per finding of the production review (2026-12-03) they guard against:
 * the workload identity pool shared by every environment (5), the plan identity that cannot read
 * Memorystore (10), project-wide IAM administration (15) and a Workload Identity member that is
 * not the real ServiceAccount (28).
 */
export const GCP_IDENTITY_RULES: readonly TerraformRule[] = [
  {
    id: 'SKYFORGE_GCP_PROJECT_PER_ENVIRONMENT',
    title:
      'Per-environment identities live in per-environment projects (review finding 5)',
    cloud: 'gcp',
    resourceTypes: ['google_service_account'],
    check: ({ resource }) => {
      // One service account per environment (for_each) in one project means one workload pool
      // and one IAM policy for all of them: dev's rights reach prod.
      if (resource.body.for_each === undefined) return undefined;
      const project = lookup(resource.body, 'project');
      const perInstance = strings(resource.body.project).some(text =>
        /\beach\./.test(text),
      );
      if (project.state === 'absent' || !perInstance) {
        return 'one service account per environment, all in the same project; give each environment its own project (project = each.value)';
      }
      return undefined;
    },
  },
  {
    id: 'SKYFORGE_GCP_PLAN_READS_REDIS_AUTH',
    title:
      'The plan identity can refresh Memorystore with AUTH (review finding 10)',
    cloud: 'gcp',
    resourceTypes: ['google_project_service'],
    check: ({ resource, parsed }) => {
      const services = [
        ...strings(resource.body.service),
        ...parsed.locals.flatMap(local => strings(local.body.value)),
      ];
      if (!services.includes('redis.googleapis.com')) return undefined;
      const canRead = parsed.resources.some(
        role =>
          role.type === 'google_project_iam_custom_role' &&
          strings(role.body.permissions).includes(
            'redis.instances.getAuthString',
          ),
      );
      return canRead
        ? undefined
        : 'Memorystore is enabled but no custom role grants redis.instances.getAuthString: read-only plans fail refreshing google_redis_instance (hashicorp/terraform-provider-google#24784)';
    },
  },
  {
    id: 'SKYFORGE_GCP_CONDITIONAL_IAM_ADMIN',
    title:
      'Project IAM administration is limited to the roles the roots grant (review finding 15)',
    cloud: 'gcp',
    resourceTypes: ['google_project_iam_member', 'google_project_iam_binding'],
    check: ({ resource, parsed }) => {
      const role = resource.body.role;
      const granted = isExpression(role)
        ? rolesInLocals(parsed, [
            ...localReferences(resource.body.for_each),
            ...localReferences(role),
            // for_each over a map built from a role list: follow that local one step.
            ...parsed.locals
              .filter(local =>
                localReferences(resource.body.for_each).includes(local.name),
              )
              .flatMap(local => localReferences(local.body.value)),
          ])
        : strings(role);
      const dangerous = granted.filter(name =>
        ROLE_GRANTING_ROLES.includes(name),
      );
      if (dangerous.length === 0) return undefined;
      return blocks(resource.body, 'condition').length > 0
        ? undefined
        : `grants ${dangerous.join(
            ', ',
          )} without an IAM condition: the holder can make itself Owner; limit it with iam.googleapis.com/modifiedGrantsByRole`;
    },
  },
  {
    id: 'SKYFORGE_GCP_WORKLOAD_IDENTITY_MEMBER',
    title:
      'Workload Identity members name the real Kubernetes ServiceAccount (review minor 28)',
    cloud: 'gcp',
    resourceTypes: [
      'google_service_account_iam_member',
      'google_service_account_iam_binding',
    ],
    check: ({ resource }) => {
      if (lookup(resource.body, 'role').state !== 'value') return undefined;
      if (resource.body.role !== 'roles/iam.workloadIdentityUser')
        return undefined;
      for (const member of strings(
        resource.body.member ?? resource.body.members,
      )) {
        // serviceAccount:<project>.svc.id.goog[<namespace>/<serviceaccount>]
        const match = /^serviceAccount:.*\[([^/\]]+)\/([^\]]+)\]$/.exec(member);
        if (match && match[1] === match[2] && match[1].includes('${')) {
          return `member ${member} names the namespace twice (${match[1]}); use the ServiceAccount's own name`;
        }
      }
      return undefined;
    },
  },
];
