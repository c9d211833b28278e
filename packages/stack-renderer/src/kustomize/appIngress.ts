import type { Environment } from '../spec/profiles';
import type { StackSpec } from '../spec/stackSpec';
import { HTTP_PORT_NAME, kustomizeNames } from './kustomizeNames';

/** Whether the Ingress serves HTTPS: only with a host, because certificates are issued for a name. */
export function ingressHasTls(spec: StackSpec): boolean {
  return spec.spec.app.ingress.host !== undefined && spec.spec.app.ingress.tls;
}

/**
 * The environment whose load balancer the host name points at, where Skyforge manages the DNS
 * record: prod, or the last environment of a stack without prod. Every environment serves the
 * same host, but a name can point at only one of them.
 */
export function hostOwnerEnvironment(spec: StackSpec): Environment {
  const { environments } = spec.spec;
  return environments.includes('prod')
    ? 'prod'
    : environments[environments.length - 1];
}

/**
 * The Ingress of the base, without a class: each cloud component sets the controller (and its
 * annotations), because the API rejects an Ingress with both the class field and the legacy
 * class annotation that GKE still reads. Without a host the rule matches any host and there is
 * no TLS block, since no certificate can be issued for an unnamed endpoint.
 */
export function appIngress(spec: StackSpec): Record<string, unknown> {
  const names = kustomizeNames(spec);
  const { host } = spec.spec.app.ingress;
  const http = {
    paths: [
      {
        path: '/',
        pathType: 'Prefix',
        backend: {
          service: { name: names.app, port: { name: HTTP_PORT_NAME } },
        },
      },
    ],
  };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: names.app },
    spec: {
      ...(ingressHasTls(spec) ? { tls: [{ hosts: [host] }] } : {}),
      rules: [host ? { host, http } : { http }],
    },
  };
}
