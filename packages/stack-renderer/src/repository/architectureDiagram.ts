import { enabledServices } from '../services/stackServices';
import type { ServiceDiagram, StackService } from '../services/types';
import { CLOUD_NAMES, type Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import { CLOUD_SERVICES } from './cloudServices';
import {
  deploymentTargets,
  stackClouds,
  stackEnvironments,
} from '../spec/deploymentTargets';
import { runsKubernetes } from '../spec/computeTarget';
import { serverlessDocs, targetList } from './serverlessDocs';

const SHAPES: Record<ServiceDiagram['shape'], [string, string]> = {
  store: ['[("', '")]'],
  artifact: ['[["', '"]]'],
  box: ['["', '"]'],
};

/** A service's node; `name`: what it is called where the cloud's product name does not apply. */
function serviceNode(
  service: StackService,
  cloud: Cloud,
  name = service.products[cloud].name,
): string {
  const [open, close] = SHAPES[service.diagram.shape];
  return `${cloud}_${service.diagram.node}${open}${name}${close}`;
}

/**
 * A service's edge. `compute` names the node that stands for the cluster, the application and its
 * pools: themselves on Kubernetes, the serverless service where the cloud has no cluster.
 */
function serviceEdge(
  service: StackService,
  cloud: Cloud,
  compute: (part: string) => string,
  identity: string,
): string {
  const { node, edge } = service.diagram;
  const end = (part: string) =>
    `${cloud}_${part === 'self' ? node : compute(part)}`;
  const label = edge.label === 'workload-identity' ? identity : edge.label;
  return `${end(edge.from)} ${edge.dashed ? '-.->' : '-->'}|"${label}"| ${end(
    edge.to,
  )}`;
}

/**
 * A Mermaid flowchart of the stack (clouds → network → cluster or serverless service → services),
 * as a fenced ```mermaid block. Environments are copies of the same shape, so the diagram draws
 * one per cloud; where some environments of a cloud run serverless, their service is drawn beside
 * the cluster and labelled with them (serverlessDocs.ts describes each cloud's).
 */
export function architectureDiagram(spec: StackSpec): string {
  const { name } = spec.metadata;
  const { app, cluster } = spec.spec;
  const targets = deploymentTargets(spec);
  const lines: string[] = ['```mermaid', 'flowchart TB', '  users(["Users"])'];
  const edges: string[] = [];

  for (const cloud of stackClouds(spec)) {
    const names = CLOUD_SERVICES[cloud];
    const id = (part: string) => `${cloud}_${part}`;
    const cloudTargets = targets.filter(target => target.cloud === cloud);
    const gpuEnvironments = cloudTargets
      .filter(target => target.gpu)
      .map(target => target.environment);
    const gpuPool =
      gpuEnvironments.length === 0
        ? []
        : [
            gpuEnvironments.length === cloudTargets.length
              ? 'gpu'
              : `gpu (${gpuEnvironments.join(', ')})`,
          ];
    const kubernetes = cloudTargets.filter(runsKubernetes);
    const serverless = cloudTargets.filter(target => !runsKubernetes(target));
    // EKS Auto Mode runs the system components itself: there is no system pool to draw.
    const pools = [
      ...(cloud === 'aws' ? [] : ['system']),
      'application',
      ...gpuPool,
    ].join(' · ');
    const only = (subset: typeof cloudTargets) =>
      subset.length === cloudTargets.length ? '' : ` (${targetList(subset)})`;
    const docs = serverless.length > 0 ? serverlessDocs(cloud) : undefined;
    lines.push(
      `  subgraph ${id('cloud')}["${CLOUD_NAMES[cloud]} · ${
        spec.spec.regions[cloud]
      }"]`,
      `    subgraph ${id('network')}["${
        names.network
      } per environment (${cloudTargets
        .map(target => `${target.environment} ${target.cidr}`)
        .join(', ')}) · private subnets, NAT egress"]`,
    );
    if (kubernetes.length > 0) {
      lines.push(
        `      subgraph ${id('cluster')}["${names.cluster} ${
          cluster.kubernetesVersion
        }${only(kubernetes)}"]`,
        `        ${id('ingress')}["${names.ingress}"]`,
        `        ${id('app')}["${name} Deployment · HPA ${app.hpa.min}-${
          app.hpa.max
        } replicas"]`,
        `        ${id('pools')}["Node pools: ${pools}"]`,
        '      end',
      );
    }
    if (docs) {
      lines.push(
        `      ${id('service')}["${name}: ${docs.service(app.hpa)}${only(
          serverless,
        )}"]`,
      );
    }
    const onCloud = enabledServices(spec);
    for (const service of onCloud.filter(each => each.diagram.inNetwork))
      lines.push(`      ${serviceNode(service, cloud)}`);
    lines.push('    end');
    if (docs)
      lines.push(
        `    ${id('entry')}["${docs.entry(Boolean(app.ingress.host))}"]`,
      );
    // Without a cluster, the serverless monitoring watches the service (no managed Prometheus).
    for (const service of onCloud.filter(each => !each.diagram.inNetwork))
      lines.push(
        `    ${serviceNode(
          service,
          cloud,
          service.id === 'monitoring' && kubernetes.length === 0 && docs
            ? docs.monitoring
            : undefined,
        )}`,
      );
    lines.push('  end');

    const entry = app.ingress.host
      ? `${app.ingress.tls ? 'HTTPS' : 'HTTP'} ${app.ingress.host}`
      : 'HTTP(S)';
    if (kubernetes.length > 0) {
      edges.push(
        `  users -->|"${entry}"| ${id('ingress')}`,
        `  ${id('ingress')} --> ${id('app')}`,
        `  ${id('app')} -.->|"runs on"| ${id('pools')}`,
      );
    }
    if (docs) {
      edges.push(
        `  users -->|"${entry}"| ${id('entry')}`,
        `  ${id('entry')} --> ${id('service')}`,
      );
    }
    // Without a cluster on the cloud, the services connect to the serverless service instead.
    const compute = (part: string) =>
      kubernetes.length === 0 && ['app', 'pools', 'cluster'].includes(part)
        ? 'service'
        : part;
    for (const service of onCloud)
      edges.push(
        `  ${serviceEdge(
          service,
          cloud,
          compute,
          kubernetes.length === 0 && docs
            ? docs.identity
            : CLOUD_SERVICES[cloud].workloadIdentity,
        )}`,
      );
  }

  return [...lines, ...edges, '```'].join('\n');
}

/** One sentence saying that each environment repeats the diagram with its own state. */
export function architectureNote(spec: StackSpec): string {
  const environments = stackEnvironments(spec);
  return `Each environment (${environments.join(
    ', ',
  )}) is a separate copy of this architecture with its own Terraform state in \`infra/envs/<environment>/<cloud>\`; production adds a NAT gateway per zone, high availability for ${
    deploymentTargets(spec).some(runsKubernetes)
      ? 'the control plane and data services'
      : 'the data services'
  }, and deletion protection where the cloud offers it.`;
}
