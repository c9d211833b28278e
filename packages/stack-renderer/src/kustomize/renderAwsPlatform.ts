import {
  AWS_NODE_DISCOVERY_TAG,
  GPU_NODE_LABEL,
  GPU_NODE_TAINT,
  POOL_LABEL_KEY,
  awsNodeRoleName,
} from '../naming';
import { planEnvironment } from '../plan/environmentPlan';
import type { ResolvedEnvironment } from '../spec/resolveEnvironment';
import type { StackSpec } from '../spec/stackSpec';
import { clusterEntityName } from '../naming';
import { capabilityTags, stackTags } from '../tags';
import type { FileTree } from '../types';
import { HEALTH_READER_FILE, healthReaderRbacFile } from './healthReaderRbac';
import { type KustomizeFile, writeKustomizeFiles } from './kustomizeFiles';
import { labelsEntry } from './kustomizeNames';
import { platformDirectory } from './platformDirectories';
import { yamlDocument } from './yamlDocument';

/** Name of the IngressClass (and its parameters) that the AWS component's Ingress uses. */
export const AWS_INGRESS_CLASS = 'alb';

/** vCPUs of an EC2 instance by size, the same in every family Skyforge's presets use. */
const VCPUS_BY_SIZE: Record<string, number> = {
  large: 2,
  xlarge: 4,
  '2xlarge': 8,
  '4xlarge': 16,
  '8xlarge': 32,
  '12xlarge': 48,
  '16xlarge': 64,
};

/** vCPUs of an EC2 instance type such as `m6i.2xlarge`. */
export function awsInstanceVcpus(instanceType: string): number {
  const vcpus = VCPUS_BY_SIZE[instanceType.split('.')[1] ?? ''];
  if (vcpus === undefined)
    throw new Error(`Unknown EC2 instance size in "${instanceType}"`);
  return vcpus;
}

function nodeClass(options: {
  spec: StackSpec;
  target: ResolvedEnvironment;
  name: string;
  diskGb: number;
}): Record<string, unknown> {
  const { spec, target } = options;
  const cluster = target.resourcePrefix;
  const discovery = [{ tags: { [AWS_NODE_DISCOVERY_TAG]: cluster } }];
  // managed-by is left out, as on the load balancer: Auto Mode, not Terraform, creates the instances.
  const tags = {
    ...Object.fromEntries(
      Object.entries(
        stackTags({ spec, environment: target.environment }),
      ).filter(([key]) => key !== 'managed-by'),
    ),
    ...capabilityTags({
      type: 'kubernetes-cluster',
      cluster: clusterEntityName({
        spec,
        environment: target.environment,
        cloud: 'aws',
      }),
    }),
  };
  return {
    apiVersion: 'eks.amazonaws.com/v1',
    kind: 'NodeClass',
    metadata: { name: options.name },
    spec: {
      role: awsNodeRoleName(cluster),
      subnetSelectorTerms: discovery,
      securityGroupSelectorTerms: discovery,
      networkPolicy: 'DefaultAllow',
      networkPolicyEventLogs: 'Disabled',
      ephemeralStorage: { size: `${options.diskGb}Gi` },
      tags,
    },
  };
}

function nodePool(options: {
  name: string;
  pool: { machineTypes: readonly string[] };
  capacityTypes: readonly string[];
  limits: Record<string, string>;
  weight?: number;
  taint?: { key: string; value: string; effect: string };
  consolidation: Record<string, unknown>;
}): Record<string, unknown> {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: options.name },
    spec: {
      ...(options.weight === undefined ? {} : { weight: options.weight }),
      template: {
        metadata: { labels: { [POOL_LABEL_KEY]: options.name } },
        spec: {
          nodeClassRef: {
            group: 'eks.amazonaws.com',
            kind: 'NodeClass',
            name: options.name,
          },
          requirements: [
            {
              key: 'node.kubernetes.io/instance-type',
              operator: 'In',
              values: [...options.pool.machineTypes],
            },
            {
              key: 'karpenter.sh/capacity-type',
              operator: 'In',
              values: [...options.capacityTypes],
            },
          ],
          ...(options.taint ? { taints: [options.taint] } : {}),
        },
      },
      limits: options.limits,
      disruption: options.consolidation,
    },
  };
}

function platformObjects(options: {
  spec: StackSpec;
  target: ResolvedEnvironment;
}): KustomizeFile[] {
  const { spec, target } = options;
  // The plan, not the preset: the Terraform and the estimate read the same pools.
  const { application, gpu, custom } = planEnvironment({
    spec,
    cloud: 'aws',
    environment: target.environment,
  }).nodePools;
  const applicationObjects: KustomizeFile[] = custom
    ? []
    : [
        {
          file: 'node-class-application.yaml',
          comment: [
            'Instances for the application pool: private subnets and the cluster security group (both',
            `tagged ${AWS_NODE_DISCOVERY_TAG}=${target.resourcePrefix} by Terraform), the node role, the attribution`,
            'tags (which the cluster role may propagate), and NetworkPolicy enforcement.',
          ],
          value: nodeClass({
            spec,
            target,
            name: 'application',
            diskGb: application.diskGb,
          }),
        },
        {
          file: 'node-pool-application.yaml',
          comment: [
            `The application pool: ${application.machineTypes.join(', ')}, ${
              target.spot
                ? 'spot first (Auto Mode falls back to on-demand when spot runs out)'
                : 'on-demand'
            }, up to`,
            `${application.maxNodes} nodes of the largest size (the CPU limit). Weighted above the built-in general-purpose`,
            'pool, which only carries the add-ons until this pool exists. Auto Mode removes empty and',
            'underused nodes; it never scales below what the pods request.',
          ],
          value: nodePool({
            name: 'application',
            pool: application,
            capacityTypes: target.spot ? ['spot', 'on-demand'] : ['on-demand'],
            limits: {
              cpu: String(
                application.maxNodes *
                  Math.max(...application.machineTypes.map(awsInstanceVcpus)),
              ),
            },
            weight: 50,
            consolidation: {
              consolidationPolicy: 'WhenEmptyOrUnderutilized',
              consolidateAfter: '5m',
            },
          }),
        },
      ];
  return [
    ...applicationObjects,
    ...(gpu
      ? [
          {
            file: 'node-class-gpu.yaml',
            comment: [
              'Instances for the GPU pool: as the application node class, with room for GPU images.',
            ],
            value: nodeClass({ spec, target, name: 'gpu', diskGb: gpu.diskGb }),
          },
          {
            file: 'node-pool-gpu.yaml',
            comment: [
              `The GPU pool: ${gpu.machineTypes.join(
                ', ',
              )} on demand, none until a pod asks for nvidia.com/gpu, at most ${
                target.gpuCapacity
              } GPUs.`,
              'Auto Mode installs the NVIDIA driver and device plugin on these nodes (EKS User Guide, "Deploy',
              `an accelerated workload"). The ${GPU_NODE_TAINT.key} taint keeps other pods off; empty nodes go after 5 minutes.`,
            ],
            value: nodePool({
              name: GPU_NODE_LABEL.value,
              pool: gpu,
              capacityTypes: ['on-demand'],
              limits: { 'nvidia.com/gpu': String(target.gpuCapacity) },
              taint: GPU_NODE_TAINT,
              consolidation: {
                consolidationPolicy: 'WhenEmpty',
                consolidateAfter: '5m',
              },
            }),
          },
        ]
      : []),
    {
      file: 'ingress-class-params.yaml',
      comment: [
        'Settings of the load balancers EKS Auto Mode creates for Ingresses of the alb class.',
      ],
      value: {
        apiVersion: 'eks.amazonaws.com/v1',
        kind: 'IngressClassParams',
        metadata: { name: AWS_INGRESS_CLASS },
        spec: { scheme: 'internet-facing' },
      },
    },
    {
      file: 'ingress-class.yaml',
      comment: [
        'The IngressClass of the Auto Mode load balancer controller (Auto Mode creates none itself).',
      ],
      value: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'IngressClass',
        metadata: { name: AWS_INGRESS_CLASS },
        spec: {
          controller: 'eks.amazonaws.com/alb',
          parameters: {
            apiGroup: 'eks.amazonaws.com',
            kind: 'IngressClassParams',
            name: AWS_INGRESS_CLASS,
          },
        },
      },
    },
    {
      file: 'network-policy-controller.yaml',
      comment: [
        'Auto Mode enforces NetworkPolicy objects only once its network policy controller is on (EKS',
        'User Guide, "Use network policies with EKS Auto Mode"); the application relies on them.',
      ],
      value: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'amazon-vpc-cni', namespace: 'kube-system' },
        data: { 'enable-network-policy-controller': 'true' },
      },
    },
  ];
}

/**
 * `deploy/platform/<env>-aws/`: the cluster-level objects EKS Auto Mode needs before the
 * application: node classes and node pools, the IngressClass and the network policy switch.
 * `make k8s-apply` applies them before the overlay. A separate Kustomization, not a component of
 * the overlay, because the overlay puts everything into the application namespace and Kustomize
 * does not know these custom kinds are cluster-scoped.
 */
export function renderAwsPlatform(options: {
  spec: StackSpec;
  target: ResolvedEnvironment;
}): FileTree {
  const { target } = options;
  const directory = platformDirectory(target);
  const objects = platformObjects(options);
  const files: FileTree = {};
  writeKustomizeFiles({ files, directory, entries: objects });
  files[`${directory}/${HEALTH_READER_FILE}`] = healthReaderRbacFile('aws');
  files[`${directory}/kustomization.yaml`] = yamlDocument({
    comment: [
      `Cluster-level objects of ${target.resourcePrefix} (EKS Auto Mode), applied by make k8s-apply before the`,
      `application. Build: kubectl kustomize ${directory}`,
    ],
    value: {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      // Not the application's contract labels: these objects belong to the cluster, and the catalog
      // must not list them as parts of the component.
      labels: [
        labelsEntry({
          'app.kubernetes.io/managed-by': 'skyforge',
          environment: target.environment,
        }),
      ],
      resources: [...objects.map(object => object.file), HEALTH_READER_FILE],
    },
  });
  return files;
}
