import { hostOwnerEnvironment, ingressHasTls } from '../kustomize/appIngress';
import {
  KUBERNETES_SERVICES,
  KUBERNETES_SUPPORT,
  KUBERNETES_SUPPORT_AS_OF,
  kubernetesSupportStatus,
} from '../spec/kubernetesVersions';
import { CLOUD_NAMES } from '../spec/regions';
import { runsKubernetes } from '../spec/computeTarget';
import type { StackSpec } from '../spec/stackSpec';
import {
  deploymentTargets,
  hasClusterOn,
  kubernetesTargets,
  stackClouds,
} from '../spec/deploymentTargets';

/**
 * `docs/architecture.md`, AWS: what runs the cluster's controllers and with which identity, and
 * why EKS Auto Mode rather than managed node groups with self-installed controllers.
 */
export function eksAutoModeSection(spec: StackSpec): string[] {
  if (!kubernetesTargets(spec).some(target => target.cloud === 'aws'))
    return [];
  const { monitoring } = spec.spec.services;
  const gpu = deploymentTargets(spec).some(
    target => target.cloud === 'aws' && target.gpu,
  );
  const pools = spec.spec.cluster.nodePools;
  const nodeGroupRows: Array<[string, string, string]> = pools
    ? [
        [
          `Node groups ${pools.map(pool => `\`${pool.name}\``).join(', ')}`,
          'EKS managed node groups with launch templates (`infra/modules/cluster/aws`, spec.cluster.nodePools), at their desired size',
          'node group role `<cluster>-node-group` (worker, image pull, VPC CNI)',
        ],
        [
          'Networking, DNS, kube-proxy, Pod Identity agent on the node groups',
          'EKS add-ons `vpc-cni` (network policy on), `coredns`, `kube-proxy`, `eks-pod-identity-agent`',
          'the node group role (VPC CNI)',
        ],
        [
          'Volumes (EBS) on the node groups',
          '`aws-ebs-csi-driver` EKS add-on (provisioner `ebs.csi.aws.com`, the StorageClasses of the AWS component)',
          'Pod Identity role `<cluster>-ebs-csi` (AmazonEBSCSIDriverPolicy)',
        ],
      ]
    : [];
  const rows: Array<[string, string, string]> = [
    ...nodeGroupRows,
    [
      'Node autoscaling',
      pools
        ? `EKS Auto Mode (AWS-run Karpenter): the built-in \`general-purpose\` pool${
            gpu ? ' and the `gpu` NodePool' : ''
          }; the node groups keep their size`
        : 'EKS Auto Mode (AWS-run Karpenter); NodePools `application`' +
          `${gpu ? ' and `gpu`' : ''} in \`deploy/platform/<environment>-aws\``,
      'cluster role (AmazonEKSComputePolicy); nodes use the node role',
    ],
    [
      'Ingress load balancer (ALB)',
      'EKS Auto Mode load balancing; IngressClass `alb` in `deploy/platform`',
      'cluster role (AmazonEKSLoadBalancingPolicy)',
    ],
    [
      'Volumes (EBS)',
      'EKS Auto Mode block storage; StorageClass of the AWS component',
      'cluster role (AmazonEKSBlockStoragePolicy)',
    ],
    [
      'Pod networking, NetworkPolicy, DNS, Pod Identity agent',
      'EKS Auto Mode node components; the network policy controller is switched on in `deploy/platform`',
      'cluster role (AmazonEKSNetworkingPolicy)',
    ],
    ...(gpu
      ? ([
          [
            'NVIDIA driver and device plugin',
            'EKS Auto Mode, on the GPU nodes it launches',
            'none needed',
          ],
        ] as Array<[string, string, string]>)
      : []),
    [
      'Metrics for the HorizontalPodAutoscaler',
      '`metrics-server` EKS add-on',
      'none needed',
    ],
    ...(monitoring
      ? ([
          [
            'Prometheus collection',
            'Amazon Managed Service for Prometheus managed collector (`aws_prometheus_scraper`), outside the cluster',
            'its service-linked role, admitted by the access entry the scraper creates',
          ],
          [
            'Pod logs',
            '`amazon-cloudwatch-observability` EKS add-on (Fluent Bit) into `/aws/containerinsights/<cluster>/application`',
            'Pod Identity role `<cluster>-cloudwatch-agent` (CloudWatchAgentServerPolicy)',
          ],
        ] as Array<[string, string, string]>)
      : []),
    ...(ingressHasTls(spec)
      ? ([
          [
            'HTTPS certificate',
            'ACM certificate (Terraform, `infra/modules/ingress/aws`), set on the Ingress by `make k8s-certificate`',
            'none needed',
          ],
        ] as Array<[string, string, string]>)
      : []),
  ];
  return [
    '## EKS Auto Mode',
    '',
    'Every controller the manifests rely on is installed by this repository, with its own identity:',
    '',
    '| What | Provided by | Identity |',
    '| --- | --- | --- |',
    ...rows.map(row => `| ${row.join(' | ')} |`),
    '',
    'Why Auto Mode rather than managed node groups plus the AWS Load Balancer Controller, Cluster Autoscaler and device plugin from Helm: AWS runs, patches and upgrades those controllers and the node images itself (GPU drivers included), so there is no Helm release to keep current and no controller role to scope; Karpenter picks instance types and consolidates, which node groups with a fixed size cannot; and the whole setup is plain Terraform for the AWS provider plus Kubernetes objects, checked offline by `terraform test` and `kubectl kustomize`. The price is a management fee of about 12% of the on-demand price of each instance Auto Mode runs (priced in `COST.md`), nodes without SSH or SSM access, and regular node replacement (Auto Mode caps the lifetime of a node at 21 days), which the PodDisruptionBudget keeps orderly.',
    '',
    pools
      ? "Custom node pools (spec.cluster.nodePools) run as EKS managed node groups beside Auto Mode, because Auto Mode NodePools have no minimum or desired size and no root-volume IOPS or throughput of their own choosing. A node group holds its desired size: nothing here scales it between min and max (install the Cluster Autoscaler for that; the groups carry the tags it discovers). Its taints are set on every node at registration, so only pods with a matching toleration land there; the application selects the `application` group. Auto Mode runs networking, DNS, kube-proxy, Pod Identity and EBS only on its own nodes, so the node groups get those as EKS add-ons, and their volumes come from the EBS CSI driver add-on (Auto Mode's driver does not attach to them)."
      : 'On the first apply the built-in `general-purpose` node pool runs the add-ons; once `make k8s-apply` has created the `application` pool (weighted higher), new pods go there and Auto Mode consolidates the rest.',
    '',
  ];
}

/** Where the pinned Kubernetes version stands on every chosen cloud, and what to do before it ends. */
export function kubernetesVersionNote(spec: StackSpec): string {
  const { kubernetesVersion: version } = spec.spec.cluster;
  const clouds = [
    ...new Set(kubernetesTargets(spec).map(target => target.cloud)),
  ];
  const windows = clouds.map(cloud => {
    const window = KUBERNETES_SUPPORT[version][cloud];
    return kubernetesSupportStatus({ version, cloud }) === 'extended'
      ? `${KUBERNETES_SERVICES[cloud]} extended support until ${window.endOfExtendedSupport} ($0.60 instead of $0.10 per cluster-hour)`
      : `${KUBERNETES_SERVICES[cloud]} standard support until ${window.endOfStandardSupport}`;
  });
  let aws = '';
  if (clouds.includes('aws')) {
    aws = spec.spec.cluster.extendedSupport
      ? ' With spec.cluster.extendedSupport, EKS keeps the version after its standard support at the extended-support price.'
      : ' When EKS standard support ends, EKS upgrades the control plane by itself and Terraform would then plan a downgrade.';
  }
  return `Kubernetes ${version} as of ${KUBERNETES_SUPPORT_AS_OF}: ${windows.join(
    '; ',
  )}. Re-render with a newer version before the earliest date.${aws}`;
}

/**
 * `docs/operations.md`, AWS with HTTPS: certificate validation and the DNS record of the host.
 * On EKS the Ingress creates the load balancer after Terraform (the next apply points the host
 * at it); on ECS the serverless module creates the load balancer and its record in one apply.
 */
export function awsHttpsSection(spec: StackSpec): string[] {
  if (!stackClouds(spec).includes('aws') || !ingressHasTls(spec)) return [];
  const { host, route53ZoneId } = spec.spec.app.ingress;
  const owner = hostOwnerEnvironment(spec);
  const cluster = hasClusterOn(spec, 'aws');
  const serverless = deploymentTargets(spec).some(
    target => target.cloud === 'aws' && !runsKubernetes(target),
  );
  const served = [
    ...(cluster
      ? [
          `The Ingress serves \`${host}\` with an ACM certificate that Terraform requests (DNS validation). \`make k8s-certificate ENV=<environment> CLOUD=aws\` (the apply workflow runs it) writes its ARN into \`deploy/overlays/<environment>-aws/certificate.env\`, and \`make k8s-apply\` refuses the placeholder.`,
        ]
      : []),
    ...(serverless
      ? [
          `${
            cluster ? 'On the serverless environments the' : 'The'
          } Application Load Balancer of the ECS service serves \`${host}\` with an ACM certificate that Terraform requests (DNS validation) and attaches to the HTTPS listener itself; HTTP redirects to HTTPS.`,
        ]
      : []),
  ].join(' ');
  // The record follows the load balancer of the owner, whichever way its environment runs.
  const ownerOnCluster = kubernetesTargets(spec).some(
    target => target.cloud === 'aws' && target.environment === owner,
  );
  const created = ownerOnCluster
    ? `Once \`make k8s-apply\` has created the load balancer, the next apply of \`${owner}\` finds it by its tags and points \`${host}\` at it (an alias record)`
    : `The same apply of \`${owner}\` points \`${host}\` at its load balancer (an alias record)`;
  const zone = route53ZoneId
    ? [
        `Terraform writes the certificate's DNS validation record into the Route 53 zone \`${route53ZoneId}\` and waits until ACM has issued it. ${created}; only \`${owner}\` owns the name, the other environments reach their load balancer by its name (output \`load_balancer_dns_name\`).`,
      ]
    : [
        `No Route 53 zone is set (\`spec.app.ingress.route53ZoneId\`), so two records are yours to create at the DNS provider of \`${host}\`:`,
        '',
        `1. The validation record of the certificate, once: \`terraform -chdir=infra/envs/<environment>/aws output certificate_validation_record\` (a CNAME, the same for every environment of the account). ACM issues the certificate within minutes of seeing it; until then the load balancer cannot serve HTTPS.${
          serverless
            ? ' The HTTPS listener of an ECS environment takes only an issued certificate (ELB answers UnsupportedCertificate before), so the first apply of such an environment goes in two steps: `terraform -chdir=infra/envs/<environment>/aws apply -target=module.ingress`, create the record, `aws acm wait certificate-validated --certificate-arn "$(terraform -chdir=infra/envs/<environment>/aws output -raw certificate_arn)"`, then the whole apply.'
            : ''
        }`,
        ownerOnCluster
          ? `2. After the first \`make k8s-apply\` of \`${owner}\`, a CNAME (or alias) from \`${host}\` to the load balancer: \`terraform -chdir=infra/envs/${owner}/aws output load_balancer_dns_name\` after another \`make tf-apply\`, or \`kubectl -n ${spec.metadata.name} get ingress ${spec.metadata.name} -o jsonpath='{.status.loadBalancer.ingress[0].hostname}'\`.`
          : `2. A CNAME (or alias) from \`${host}\` to the load balancer of \`${owner}\`: \`terraform -chdir=infra/envs/${owner}/aws output load_balancer_dns_name\`.`,
      ];
  return [`## HTTPS on ${CLOUD_NAMES.aws}`, '', served, '', ...zone, ''];
}
