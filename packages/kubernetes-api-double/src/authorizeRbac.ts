import type { UserInfo } from './authenticate';

/** What a resource request asks for, as the API server's RBAC authorizer sees it. */
export interface ResourceAttributes {
  verb: string;
  apiGroup: string;
  resource: string;
  namespace?: string;
  name?: string;
  /** `metadata.name=<x>` from a list's field selector: lists may then use resourceNames rules. */
  fieldSelectorName?: string;
}

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
}

interface RbacObject {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: PolicyRule[];
  roleRef?: { kind: string; name: string };
  subjects?: Array<{ kind: string; name: string; namespace?: string }>;
}

const RBAC_KINDS = new Set([
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
]);

function matches(values: string[] | undefined, value: string): boolean {
  return Boolean(values?.includes('*') || values?.includes(value));
}

function ruleAllows(rule: PolicyRule, request: ResourceAttributes): boolean {
  if (!matches(rule.apiGroups, request.apiGroup)) return false;
  if (!matches(rule.resources, request.resource)) return false;
  if (!matches(rule.verbs, request.verb)) return false;
  if (!rule.resourceNames || rule.resourceNames.length === 0) return true;
  // A rule naming objects allows requests for those objects only: gets by name, and lists or
  // watches that select one of them with a metadata.name field selector.
  const name = request.name ?? request.fieldSelectorName;
  return name !== undefined && rule.resourceNames.includes(name);
}

function subjectMatches(
  subject: { kind: string; name: string; namespace?: string },
  user: UserInfo,
): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.username;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount':
      return (
        user.username ===
        `system:serviceaccount:${subject.namespace}:${subject.name}`
      );
    default:
      return false;
  }
}

/**
 * Kubernetes RBAC over the Roles, ClusterRoles and their bindings among `objects`: a request is
 * allowed when a binding of one of the user's subjects grants a role with a matching rule, a
 * RoleBinding only in its own namespace. `system:masters` may do anything, as on a real cluster.
 */
export function authorizeRbac(options: {
  user: UserInfo;
  request: ResourceAttributes;
  objects: ReadonlyArray<{ kind: string; apiVersion: string }>;
}): boolean {
  const { user, request } = options;
  if (user.groups.includes('system:masters')) return true;
  const rbac = options.objects.filter(
    object =>
      RBAC_KINDS.has(object.kind) &&
      object.apiVersion === 'rbac.authorization.k8s.io/v1',
  ) as unknown as RbacObject[];
  const role = (kind: string, name: string, namespace?: string) =>
    rbac.find(
      object =>
        object.kind === kind &&
        object.metadata.name === name &&
        (kind === 'ClusterRole' || object.metadata.namespace === namespace),
    );
  return rbac.some(binding => {
    if (binding.kind !== 'ClusterRoleBinding' && binding.kind !== 'RoleBinding')
      return false;
    const bindingNamespace = binding.metadata.namespace;
    if (
      binding.kind === 'RoleBinding' &&
      request.namespace !== bindingNamespace
    )
      return false;
    if (!binding.subjects?.some(subject => subjectMatches(subject, user)))
      return false;
    const granted =
      binding.roleRef &&
      role(binding.roleRef.kind, binding.roleRef.name, bindingNamespace);
    return Boolean(granted?.rules?.some(rule => ruleAllows(rule, request)));
  });
}

/** The API server's words for a denied request. */
export function forbiddenMessage(
  user: UserInfo,
  request: ResourceAttributes,
): string {
  const subject = request.name
    ? `${request.resource} "${request.name}"`
    : request.resource;
  const scope = request.namespace
    ? `in the namespace "${request.namespace}"`
    : 'at the cluster scope';
  return `${subject} is forbidden: User "${user.username}" cannot ${request.verb} resource "${request.resource}" in API group "${request.apiGroup}" ${scope}`;
}
