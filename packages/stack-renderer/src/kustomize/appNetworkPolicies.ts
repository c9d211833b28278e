import type { ServiceEgress } from '../services/types';
import type { StackSpec } from '../spec/stackSpec';
import {
  HTTP_PORT_NAME,
  kustomizeNames,
  selectorLabels,
} from './kustomizeNames';

/** One port of a NetworkPolicy rule. */
export interface NetworkPolicyPort {
  protocol: 'TCP' | 'UDP';
  port: number | string;
}

/** One egress rule: ports, optionally limited to IP blocks. */
export interface EgressRule {
  ports: NetworkPolicyPort[];
  to?: Array<{ ipBlock: { cidr: string } }>;
}

/** The egress rules of the services' ports (one rule each, any destination: their addresses are private). */
export function serviceEgressRules(
  egress: readonly ServiceEgress[],
): EgressRule[] {
  return egress.map(service => ({
    ports: [{ protocol: 'TCP', port: service.port }],
  }));
}

/** "A", "A and B", "A, B and C": the services' egress as the patch comments list them. */
export function describeServiceEgress(
  egress: readonly ServiceEgress[],
): string {
  const descriptions = egress.map(service => service.description);
  const last = descriptions.pop();
  if (last === undefined) return '';
  return descriptions.length > 0
    ? `${descriptions.join(', ')} and ${last}`
    : last;
}

export const DEFAULT_DENY_POLICY_NAME = 'default-deny';

export function egressPolicyName(spec: StackSpec): string {
  return `${kustomizeNames(spec).app}-allow-egress`;
}

export function ingressPolicyName(spec: StackSpec): string {
  return `${kustomizeNames(spec).app}-allow-ingress`;
}

/** Denies all traffic to and from every pod of the namespace unless another policy allows it. */
export function defaultDenyNetworkPolicy(): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: DEFAULT_DENY_POLICY_NAME },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  };
}

/**
 * Egress the application needs on any cloud: DNS, HTTPS (cloud APIs and identity token
 * endpoints) and PostgreSQL when the stack has a database. The cloud components append their
 * own rules (cache port, workload identity endpoints).
 */
export function egressNetworkPolicy(spec: StackSpec): Record<string, unknown> {
  const egress: EgressRule[] = [
    {
      ports: [
        { protocol: 'UDP', port: 53 },
        { protocol: 'TCP', port: 53 },
      ],
    },
    { ports: [{ protocol: 'TCP', port: 443 }] },
  ];
  if (spec.spec.services.postgres)
    egress.push({ ports: [{ protocol: 'TCP', port: 5432 }] });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: egressPolicyName(spec) },
    spec: {
      podSelector: { matchLabels: selectorLabels(spec) },
      policyTypes: ['Egress'],
      egress,
    },
  };
}

/** Admits `from` to one named port of the application's pods, and only to it. */
export function appPortNetworkPolicy(options: {
  spec: StackSpec;
  name: string;
  from: Array<Record<string, unknown>>;
  port: string;
}): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: options.name },
    spec: {
      podSelector: { matchLabels: selectorLabels(options.spec) },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: options.from,
          ports: [{ protocol: 'TCP', port: options.port }],
        },
      ],
    },
  };
}

/** Allows the ingress controller's traffic (the sources differ per cloud) to the application port. */
export function ingressNetworkPolicy(options: {
  spec: StackSpec;
  from: Array<Record<string, unknown>>;
}): Record<string, unknown> {
  return appPortNetworkPolicy({
    spec: options.spec,
    name: ingressPolicyName(options.spec),
    from: options.from,
    port: HTTP_PORT_NAME,
  });
}

/** A JSON patch appending cloud-specific rules to the base egress policy. */
export function egressRulesPatch(
  rules: readonly EgressRule[],
): Array<Record<string, unknown>> {
  return rules.map(rule => ({
    op: 'add',
    path: '/spec/egress/-',
    value: rule,
  }));
}
