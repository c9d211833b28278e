import { enabledServices } from '../services/stackServices';
import { CLOUD_NAMES, type Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import { architectureDiagram, architectureNote } from './architectureDiagram';
import { CLOUD_SERVICES } from './cloudServices';
import {
  deploymentTargets,
  hasClusterOn,
  kubernetesTargets,
  stackClouds,
} from '../spec/deploymentTargets';
import { runsKubernetes } from '../spec/computeTarget';
import { serverlessDocs, serverlessTargets } from './serverlessDocs';
import { eksAutoModeSection } from './eksAutoModeGuide';

/** `docs/architecture.md`: the diagram, the managed services per cloud and the security posture. */
export function renderDocsArchitecture(spec: StackSpec): string {
  const clouds = stackClouds(spec);
  const cidrs = spec.spec.cluster.publicEndpointCidrs;
  const publicEndpoint =
    cidrs.length > 0
      ? ` (publicly reachable only from ${cidrs
          .map(cidr => `\`${cidr}\``)
          .join(', ')})`
      : '';
  const names = (part: (cloud: Cloud) => string) =>
    clouds.map(part).join(' | ');
  const kubernetes = kubernetesTargets(spec).length > 0;
  const serverless = serverlessTargets(spec).length > 0;
  /** The cluster's part where the cloud runs one, the serverless one where it runs serverless. */
  const byCompute =
    (cluster: (cloud: Cloud) => string, service: (cloud: Cloud) => string) =>
    (cloud: Cloud) => {
      const targets = deploymentTargets(spec).filter(
        target => target.cloud === cloud,
      );
      return [
        ...(targets.some(runsKubernetes) ? [cluster(cloud)] : []),
        ...(targets.some(target => !runsKubernetes(target))
          ? [service(cloud)]
          : []),
      ].join('; ');
    };
  const host = Boolean(spec.spec.app.ingress.host);
  const rows: Array<[string, string]> = [
    ['Network', names(cloud => CLOUD_SERVICES[cloud].network)],
    [
      serverless ? 'Compute' : 'Kubernetes',
      names(
        byCompute(
          cloud => CLOUD_SERVICES[cloud].cluster,
          cloud => serverlessDocs(cloud).product,
        ),
      ),
    ],
    [
      'Ingress',
      names(
        byCompute(
          cloud => CLOUD_SERVICES[cloud].ingress,
          cloud => serverlessDocs(cloud).entry(host),
        ),
      ),
    ],
    ...enabledServices(spec).map((service): [string, string] => [
      service.label,
      names(
        service.id === 'monitoring'
          ? byCompute(
              cloud => service.products[cloud].name,
              cloud => serverlessDocs(cloud).monitoring,
            )
          : cloud => service.products[cloud].name,
      ),
    ]),
    [
      'Workload identity',
      names(
        byCompute(
          cloud => CLOUD_SERVICES[cloud].workloadIdentity,
          cloud => serverlessDocs(cloud).identity,
        ),
      ),
    ],
  ];
  const table = [
    `| | ${clouds.map(cloud => CLOUD_NAMES[cloud]).join(' | ')} |`,
    `| --- | ${clouds.map(() => '---').join(' | ')} |`,
    ...rows.map(([label, products]) => `| ${label} | ${products} |`),
  ].join('\n');
  return [
    '# Architecture',
    '',
    architectureDiagram(spec),
    '',
    architectureNote(spec),
    '',
    '## Managed services',
    '',
    table,
    '',
    ...eksAutoModeSection(spec),
    '## Security posture',
    '',
    ...(kubernetes
      ? [
          `- Nodes run in private subnets and reach the internet through NAT; the Kubernetes API endpoint is private${publicEndpoint}.`,
        ]
      : [
          '- No environment runs a cluster, so there are no nodes and no Kubernetes API to expose: the serverless service reaches the data services over the private network of its environment.',
        ]),
    '- Databases and caches have no public endpoint and require TLS; data at rest is encrypted, with customer-managed keys where the cloud allows.',
    ...(kubernetes
      ? [
          '- The application gets cloud credentials through workload identity: its ServiceAccount is bound to a cloud identity, so no key is stored in the cluster or in this repository.',
        ]
      : []),
    ...(serverless
      ? [
          `- ${
            kubernetes ? 'On the serverless environments the' : 'The'
          } application gets cloud credentials from the identity of its service (${[
            ...new Set(serverlessTargets(spec).map(target => target.cloud)),
          ]
            .map(cloud => serverlessDocs(cloud).identity)
            .join(
              ', ',
            )}), so no key is stored in the service or in this repository.`,
        ]
      : []),
    '- CI authenticates with GitHub OIDC: one identity per environment, trusted only for jobs in the GitHub environment of that name, and a read-only identity for pull-request plans.',
    `- Production enables high availability and longer backup and log retention. Deletion protection: ${clouds
      .map(
        cloud =>
          `${
            clouds.length > 1 ? `${CLOUD_NAMES[cloud]}: ` : ''
          }${CLOUD_SERVICES[cloud].deletionProtection(
            hasClusterOn(spec, cloud),
          )}`,
      )
      .join('. ')}.`,
    '',
    '## Cost attribution',
    '',
    `Every cloud resource carries the tags \`skyforge-component\`, \`skyforge-system\`, \`environment\`, \`owner\` and \`managed-by\`${
      kubernetes
        ? '; every Kubernetes object carries `backstage.io/kubernetes-id`'
        : ''
    }. The entities in \`catalog-info.yaml\` carry \`skyforge.io/cost-selector\` annotations built from the same tags, so the Cost tab in Backstage attributes spend without any manual mapping.`,
    '',
  ].join('\n');
}
