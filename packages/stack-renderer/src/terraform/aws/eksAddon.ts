import {
  attr,
  blank,
  block,
  data,
  expr,
  resource,
  type HclBody,
} from '../../hcl/hcl';

/**
 * An EKS add-on at the newest version EKS offers for the cluster's Kubernetes version. The
 * version is resolved at plan time and written into the plan, so a new add-on release shows up
 * as a reviewed change in the pull-request plan instead of arriving unannounced.
 */
export function eksAddon(options: {
  /** Terraform name of the data source and the resource. */
  id: string;
  /** The add-on name EKS knows (`aws eks describe-addon-versions`). */
  name: string;
  /** An HCL expression of the cluster name; defaults to the module's own cluster. */
  clusterName?: string;
  /** An HCL expression of the cluster's Kubernetes version. */
  kubernetesVersion?: string;
  /** An HCL expression: `jsonencode({ ... })`. */
  configurationValues?: string;
  /** EKS Pod Identity for the add-on's ServiceAccount. */
  podIdentity?: { serviceAccount: string; roleArn: string };
  /** HCL references the add-on waits for (for example the nodes its pods run on). */
  dependsOn?: readonly string[];
}): HclBody {
  const clusterName = options.clusterName ?? 'aws_eks_cluster.this.name';
  return [
    data('aws_eks_addon_version', options.id, [
      attr('addon_name', options.name),
      attr(
        'kubernetes_version',
        expr(options.kubernetesVersion ?? 'aws_eks_cluster.this.version'),
      ),
      attr('most_recent', true),
    ]),
    resource('aws_eks_addon', options.id, [
      attr('cluster_name', expr(clusterName)),
      attr('addon_name', options.name),
      attr(
        'addon_version',
        expr(`data.aws_eks_addon_version.${options.id}.version`),
      ),
      attr(
        'configuration_values',
        options.configurationValues === undefined
          ? undefined
          : expr(options.configurationValues),
      ),
      attr('resolve_conflicts_on_create', 'OVERWRITE'),
      attr('resolve_conflicts_on_update', 'OVERWRITE'),
      options.podIdentity && [
        blank(),
        block(
          'pod_identity_association',
          [],
          [
            attr('service_account', options.podIdentity.serviceAccount),
            attr('role_arn', expr(options.podIdentity.roleArn)),
          ],
        ),
      ],
      options.dependsOn && [
        blank(),
        attr(
          'depends_on',
          options.dependsOn.map(reference => expr(reference)),
        ),
      ],
    ]),
  ];
}
