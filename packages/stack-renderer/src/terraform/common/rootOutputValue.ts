import type { HclBody, HclExpression, HclNode } from '../../hcl/hcl';

/** Every node of a (nested) HCL body, in order. */
function nodesOf(body: HclBody): HclNode[] {
  return body.flatMap(entry => {
    if (!entry) return [];
    return Array.isArray(entry) ? nodesOf(entry) : [entry as HclNode];
  });
}

/**
 * The value expression of the root output called `name` among `outputs`: a serverless root wires
 * the same expressions into the container's environment that the Kubernetes target reads from the
 * outputs (services.env).
 */
export function rootOutputValue(outputs: HclBody, name: string): HclExpression {
  for (const node of nodesOf(outputs)) {
    if (node.kind !== 'block' || node.type !== 'output') continue;
    if (node.labels[0] !== name) continue;
    const value = nodesOf(node.body).find(
      entry => entry.kind === 'attribute' && entry.name === 'value',
    );
    if (value?.kind === 'attribute') return value.value as HclExpression;
  }
  throw new Error(`The root has no output called ${name}`);
}

/** An HCL object of environment variables (`{ NAME = value }`) laid out as `terraform fmt` does. */
export function environmentMap(
  entries: Array<[string, HclExpression | string]>,
): string {
  if (entries.length === 0) return '{}';
  const width = Math.max(...entries.map(([name]) => name.length));
  const lines = entries.map(
    ([name, value]) =>
      `    ${name.padEnd(width)} = ${
        typeof value === 'string' ? JSON.stringify(value) : value.text
      }`,
  );
  return `{\n${lines.join('\n')}\n  }`;
}
