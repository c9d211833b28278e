import { attr, blank, expr, type HclBody } from '../../hcl/hcl';
import { terraformVariable } from '../common/terraformVariable';
import { runsKubernetes, type ComputeTarget } from '../../spec/computeTarget';

/** Variables every data-service module shares: name, network placement and who may connect. */
export function dataServiceVariables(): HclBody {
  return [
    terraformVariable({
      name: 'name',
      type: 'string',
      description: 'Prefix of every resource name, e.g. payments-api-prod.',
    }),
    terraformVariable({
      name: 'vpc_id',
      type: 'string',
      description: 'VPC of the service.',
    }),
    terraformVariable({
      name: 'subnet_ids',
      type: 'list(string)',
      description: 'Private subnets, one per zone.',
    }),
    terraformVariable({
      name: 'allowed_security_group_ids',
      type: 'list(string)',
      description:
        'Security groups allowed to connect (the EKS cluster security group, or the ECS tasks).',
    }),
  ];
}

/**
 * The security group the data services admit: the EKS cluster's (its nodes and pods) where the
 * environment runs Kubernetes, the ECS tasks' where it runs serverless.
 */
export function awsAppSecurityGroup(target: {
  compute: ComputeTarget;
}): string {
  return runsKubernetes(target)
    ? 'module.cluster.node_security_group_id'
    : 'module.serverless.task_security_group_id';
}

/** The root's arguments for {@link dataServiceVariables}: private subnets, reachable from the application only. */
export function dataServiceArguments(target: {
  compute: ComputeTarget;
}): HclBody {
  return [
    attr('name', expr('local.name')),
    attr('vpc_id', expr('module.network.vpc_id')),
    attr('subnet_ids', expr('module.network.private_subnet_ids')),
    attr('allowed_security_group_ids', [expr(awsAppSecurityGroup(target))]),
    blank(),
  ];
}
