import { expr, type HclExpression } from '../../hcl/hcl';

/**
 * The tags (or labels) argument of a module call: the contract's variable merged with the
 * module's capability tags (`skyforge-capability`, and `kubernetes-cluster` for the cluster).
 */
export function capabilityTagsExpression(
  variable: string,
  extra: Readonly<Record<string, string>>,
): HclExpression {
  const entries = Object.entries(extra);
  return expr(
    entries.length === 0
      ? variable
      : `merge(${variable}, { ${entries
          .map(([key, value]) => `"${key}" = "${value}"`)
          .join(', ')} })`,
  );
}
