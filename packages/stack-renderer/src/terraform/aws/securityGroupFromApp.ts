import {
  attr,
  blank,
  block,
  comment,
  expr,
  resource,
  type HclBody,
} from '../../hcl/hcl';

/**
 * A security group for a data service that admits one TCP port from the application's security
 * groups only (the EKS cluster security group, which the nodes and therefore the pods use, or the
 * ECS tasks' group). It has no egress rules: Terraform removes the default allow-all egress of new
 * groups.
 */
export function securityGroupFromApp(options: {
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
      blank(),
      block(
        'lifecycle',
        [],
        [
          comment(
            [
              'A new description replaces the group (and what uses it, for MSK the cluster), so a',
              'group created with an earlier wording keeps it.',
            ].join('\n'),
          ),
          attr('ignore_changes', [expr('description')]),
        ],
      ),
    ]),
    // The address keeps its first name: renaming it would replace the rules of applied stacks.
    resource('aws_vpc_security_group_ingress_rule', `${id}_from_cluster`, [
      attr('count', expr('length(var.allowed_security_group_ids)')),
      blank(),
      attr('security_group_id', expr(`aws_security_group.${id}.id`)),
      attr(
        'description',
        'From the application (EKS nodes and pods, or ECS tasks)',
      ),
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
