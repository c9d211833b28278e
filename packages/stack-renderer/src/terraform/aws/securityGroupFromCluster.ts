import { attr, blank, expr, resource, type HclBody } from '../../hcl/hcl';

/**
 * A security group for a data service that admits one TCP port from the given security groups
 * only (the EKS cluster security group, which the nodes and therefore the pods use). It has no
 * egress rules: Terraform removes the default allow-all egress of new groups.
 */
export function securityGroupFromCluster(options: {
  id: string;
  description: string;
  port: number;
}): HclBody {
  const { id } = options;
  return [
    resource('aws_security_group', id, [
      attr('name', expr(`"\${var.name}-${id}"`)),
      attr('description', options.description),
      attr('vpc_id', expr('var.vpc_id')),
      blank(),
      attr('tags', { Name: expr(`"\${var.name}-${id}"`) }),
    ]),
    resource('aws_vpc_security_group_ingress_rule', `${id}_from_cluster`, [
      attr('count', expr('length(var.allowed_security_group_ids)')),
      blank(),
      attr('security_group_id', expr(`aws_security_group.${id}.id`)),
      attr('description', 'From the EKS nodes and pods'),
      attr(
        'referenced_security_group_id',
        expr('var.allowed_security_group_ids[count.index]'),
      ),
      attr('ip_protocol', 'tcp'),
      attr('from_port', options.port),
      attr('to_port', options.port),
    ]),
  ];
}
