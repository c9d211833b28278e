import { CLOUD_NAMES } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import { deploymentTargets } from '../spec/deploymentTargets';
import { planEnvironment } from '../plan/environmentPlan';
import { APPLICATION_POOL } from '../spec/nodePoolSpec';
import { runsKubernetes } from '../spec/computeTarget';
import { serverlessDocs } from './serverlessDocs';
import type { ResolvedEnvironment } from '../spec/resolveEnvironment';

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/** What a target's application counts and what scales it: `Replicas (HPA)`, `Tasks (Application Auto Scaling)`. */
function scaling(target: ResolvedEnvironment): string {
  const { unit, by } = runsKubernetes(target)
    ? { unit: 'Replicas', by: 'HPA' }
    : serverlessDocs(target.cloud).scaling;
  return `${unit} (${by})`;
}

/**
 * A Markdown table of every environment × cloud with its network, size, spot, GPU and HA settings,
 * and the bounds its application scales between. The last column names what scales it (the HPA,
 * or the serverless platform's own autoscaling) where every target agrees, else each row does.
 */
export function environmentsTable(spec: StackSpec): string {
  const targets = deploymentTargets(spec);
  const scalers = new Set(targets.map(scaling));
  const shared = scalers.size === 1 ? [...scalers][0] : undefined;
  const rows = targets.map(target => {
    const { application: pool, custom } = planEnvironment({
      spec,
      cloud: target.cloud,
      environment: target.environment,
    }).nodePools;
    const application = custom?.find(
      candidate => candidate.name === APPLICATION_POOL,
    );
    let nodes = `${pool.machineType} × ${pool.minNodes}-${pool.maxNodes}`;
    // A custom pool's EKS node group holds its desired size; GKE and AKS autoscale from there.
    if (application)
      nodes = `${pool.machineType} × ${application.desiredNodes} (${
        pool.minNodes
      }-${pool.maxNodes}, ${
        target.cloud === 'aws' ? 'node group' : 'autoscaled'
      })`;
    // EKS Auto Mode has no minimum: it runs the nodes the pods request, up to the pool limit.
    else if (target.cloud === 'aws')
      nodes = `${pool.machineType} × up to ${pool.maxNodes}`;
    // A serverless environment has no nodes, and the application's GPU is on its instances.
    const serverless = !runsKubernetes(target);
    if (serverless) nodes = serverlessDocs(target.cloud).nodes;
    return `| ${target.environment} | ${CLOUD_NAMES[target.cloud]} | ${
      target.region
    } | ${target.cidr} | ${target.size} | ${nodes} | ${yesNo(
      !serverless && (application ? application.spot : target.spot),
    )} | ${yesNo(serverless ? spec.spec.app.gpu : target.gpu)} | ${yesNo(
      target.profile.highAvailability,
    )} | ${yesNo(target.profile.deletionProtection)} | ${target.hpa.min}-${
      target.hpa.max
    }${
      shared ? '' : ` ${scaling(target).replace(/^./, c => c.toLowerCase())}`
    } |`;
  });
  return [
    `| Environment | Cloud | Region | Network | Size | Application nodes | Spot | GPU | High availability | Deletion protection | ${
      shared ?? 'Scales between'
    } |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
