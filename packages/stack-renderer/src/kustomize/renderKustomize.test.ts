import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { kubernetesTargets } from '../spec/deploymentTargets';
import { parseStackSpec, type StackSpec } from '../spec/stackSpec';
import { exampleSpecs } from '../testing/exampleSpecs';
import {
  buildOverlay,
  type KubernetesObject,
  field,
  isKubernetesObject,
  runManifestChecks,
} from '@skyforge/stack-checks';
import { AZURE_CLIENT_ID_PLACEHOLDER } from './workloadIdentityEnvFile';
import { AWS_CERTIFICATE_ENV_FILE } from './certificateEnvFile';
import { healthReaderRbacObjects } from '@skyforge/plugin-skyforge-common';
import {
  HEALTH_READER_ENV_FILE,
  HEALTH_READER_SUBJECT_KEY,
  HEALTH_READER_SUBJECT_PLACEHOLDER,
} from './healthReaderRbac';
import { platformDirectory, platformTargets } from './platformDirectories';
import { overlayDirectory } from './renderOverlay';
import { IMAGE_DIGEST_PLACEHOLDER, imageRepository } from './appImage';
import { renderKustomize } from './renderKustomize';
import { renderStack } from '../renderStack';
import { renderMakefile } from '../repository/renderMakefile';
import { azureResourceNames } from '../terraform/azure/azureResourceNames';
import { validateWithKubernetesModels } from './testing/validateWithKubernetesModels';
import { writeFileTree } from '../testing/writeFileTree';

/** Kinds kubernetes-models has no schema for: GKE's CRDs, which the gcp component adds on purpose. */
const CUSTOM_KINDS = [
  'BackendConfig',
  'FrontendConfig',
  'ManagedCertificate',
  'PodMonitor',
  'PodMonitoring',
];

const DEPRECATED_KUSTOMIZE_FIELDS = [
  'bases',
  'commonLabels',
  'patchesStrategicMerge',
  'patchesJson6902',
  'vars',
  'imageTags',
];

interface Example {
  key: string;
  spec: StackSpec;
  root: string;
  /** Objects of each overlay build, by overlay directory. */
  builds: Map<string, KubernetesObject[]>;
  /** Objects of each platform build, by directory. */
  platforms: Map<string, KubernetesObject[]>;
}

const examples: Example[] = [];

beforeAll(() => {
  for (const [key, input] of Object.entries(exampleSpecs)) {
    const spec = parseStackSpec(input);
    const root = mkdtempSync(join(tmpdir(), `skyforge-kustomize-${key}-`));
    writeFileTree({ files: renderKustomize(spec), directory: root });
    const builds = new Map<string, KubernetesObject[]>();
    const platforms = new Map<string, KubernetesObject[]>();
    const buildInto = (
      map: Map<string, KubernetesObject[]>,
      directory: string,
    ) => {
      const objects = buildOverlay({ root, overlay: directory });
      const invalid = objects.filter(object => !isKubernetesObject(object));
      if (invalid.length > 0)
        throw new Error(`${key} ${directory}: ${JSON.stringify(invalid[0])}`);
      map.set(directory, objects as KubernetesObject[]);
    };
    // Serverless targets have no overlay (trading-api has nothing to build at all).
    for (const target of kubernetesTargets(spec))
      buildInto(builds, overlayDirectory(target));
    for (const target of platformTargets(spec))
      buildInto(platforms, platformDirectory(target));
    examples.push({ key, spec, root, builds, platforms });
  }
});

afterAll(() => {
  for (const example of examples)
    rmSync(example.root, { recursive: true, force: true });
});

function exampleNamed(key: string): Example {
  const found = examples.find(candidate => candidate.key === key);
  if (!found) throw new Error(`no example ${key}`);
  return found;
}

function objectIn(
  objects: readonly KubernetesObject[],
  kind: string,
): KubernetesObject {
  const found = objects.find(object => object.kind === kind);
  if (!found) throw new Error(`no ${kind} in the build`);
  return found;
}

/** The StorageClasses of a build by name: provisioner, disk type, encryption, reclaim policy. */
function storageClasses(
  objects: readonly KubernetesObject[],
): Record<string, Record<string, string | undefined>> {
  return Object.fromEntries(
    objects
      .filter(object => object.kind === 'StorageClass')
      .map(object => {
        const parameters = field(object, 'parameters') as Record<
          string,
          string
        >;
        const isDefault =
          object.metadata.annotations?.[
            'storageclass.kubernetes.io/is-default-class'
          ];
        return [
          object.metadata.name,
          {
            provisioner: field(object, 'provisioner') as string,
            type: parameters.type,
            encrypted: parameters.encrypted,
            reclaimPolicy: field(object, 'reclaimPolicy') as string,
            ...(isDefault ? { isDefault } : {}),
          },
        ];
      }),
  );
}

function build(key: string, overlay: string): KubernetesObject[] {
  const objects = exampleNamed(key).builds.get(`deploy/overlays/${overlay}`);
  if (!objects) throw new Error(`no overlay ${overlay} in ${key}`);
  return objects;
}

describe('renderKustomize', () => {
  it('builds one overlay per environment and cloud of every example', () => {
    expect(
      Object.fromEntries(
        examples.map(entry => [entry.key, [...entry.builds.keys()]]),
      ),
    ).toEqual({
      'aws-small': [
        'deploy/overlays/dev-aws',
        'deploy/overlays/staging-aws',
        'deploy/overlays/prod-aws',
      ],
      'dev-lab': [],
      'lab-azure': [],
      'gcp-medium': ['deploy/overlays/dev-gcp', 'deploy/overlays/prod-gcp'],
      'azure-small': [
        'deploy/overlays/dev-azure',
        'deploy/overlays/staging-azure',
        'deploy/overlays/prod-azure',
      ],
      'aws-gpu-large': [
        'deploy/overlays/staging-aws',
        'deploy/overlays/prod-aws',
      ],
      'analytics-hub': ['deploy/overlays/prod-aws'],
      'ml-platform': [
        'deploy/overlays/prod-aws',
        'deploy/overlays/prod-gcp',
        'deploy/overlays/prod-azure',
      ],
      'all-clouds-gpu': [
        'deploy/overlays/dev-aws',
        'deploy/overlays/dev-gcp',
        'deploy/overlays/dev-azure',
        'deploy/overlays/staging-aws',
        'deploy/overlays/staging-gcp',
        'deploy/overlays/staging-azure',
        'deploy/overlays/prod-aws',
        'deploy/overlays/prod-gcp',
        'deploy/overlays/prod-azure',
      ],
      'minimal-services': [
        'deploy/overlays/dev-gcp',
        'deploy/overlays/dev-azure',
      ],
      'trading-api': [],
    });
  });

  it('produces objects that the Kubernetes schemas accept', () => {
    const all = examples.flatMap(entry =>
      [...entry.builds].flatMap(([overlay, objects]) =>
        objects.map(object => ({
          where: `${entry.key} ${overlay} ${object.kind} ${object.metadata.name}`,
          object,
        })),
      ),
    );
    const results = validateWithKubernetesModels(
      all.map(entry => entry.object),
    );
    const invalid = results.flatMap((result, index) =>
      result.status === 'invalid'
        ? [`${all[index].where}: ${result.message}`]
        : [],
    );
    expect(invalid).toEqual([]);
    const unknownKinds = new Set(
      all
        .filter((_, index) => results[index].status === 'unknown')
        .map(entry => entry.object.kind),
    );
    expect([...unknownKinds].sort()).toEqual(CUSTOM_KINDS);
    // The validator must really have looked at the core kinds.
    const validKinds = new Set(
      all
        .filter((_, index) => results[index].status === 'valid')
        .map(entry => entry.object.kind),
    );
    expect(validKinds).toEqual(
      new Set([
        'Namespace',
        'ServiceAccount',
        'ConfigMap',
        'Service',
        'Deployment',
        'HorizontalPodAutoscaler',
        'PodDisruptionBudget',
        'NetworkPolicy',
        'Ingress',
        'StorageClass',
      ]),
    );
  });

  it('rejects an invalid object in the schema validation (the validator is live)', () => {
    const [result] = validateWithKubernetesModels([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'x' },
        spec: { replicas: 'three' },
      },
    ]);
    expect(result.status).toBe('invalid');
  });

  it('passes every manifest check on every overlay, GPU capacity included', () => {
    const problems = examples.flatMap(entry =>
      kubernetesTargets(entry.spec).flatMap(target => {
        const overlay = overlayDirectory(target);
        return runManifestChecks(entry.builds.get(overlay)!, {
          gpuCapacity: target.gpuCapacity,
        }).map(
          problem =>
            `${entry.key} ${overlay}: ${problem.rule}: ${problem.message}`,
        );
      }),
    );
    expect(problems).toEqual([]);
  });

  it('builds the EKS Auto Mode platform objects the Kubernetes schemas know, and the custom ones in shape', () => {
    const all = examples.flatMap(entry =>
      [...entry.platforms]
        .filter(([directory]) => directory.endsWith('-aws'))
        .flatMap(([directory, objects]) =>
          objects.map(object => ({
            where: `${entry.key} ${directory}`,
            object,
          })),
        ),
    );
    const results = validateWithKubernetesModels(
      all.map(entry => entry.object),
    );
    expect(
      results.flatMap((result, index) =>
        result.status === 'invalid'
          ? [`${all[index].where}: ${result.message}`]
          : [],
      ),
    ).toEqual([]);
    expect(
      [
        ...new Set(
          all
            .filter((_, index) => results[index].status === 'unknown')
            .map(entry => entry.object.kind),
        ),
      ].sort(),
    ).toEqual(['IngressClassParams', 'NodeClass', 'NodePool']);
    // Cluster-scoped objects must not be put into the application namespace; the ConfigMap and
    // the health reader's Role (the cluster autoscaler status) belong in kube-system.
    expect(
      [
        ...new Set(
          all.map(
            ({ object }) =>
              `${object.kind} ${object.metadata.namespace ?? '(cluster)'}`,
          ),
        ),
      ].sort(),
    ).toEqual([
      'ClusterRole (cluster)',
      'ClusterRoleBinding (cluster)',
      'ConfigMap kube-system',
      'IngressClass (cluster)',
      'IngressClassParams (cluster)',
      'NodeClass (cluster)',
      'NodePool (cluster)',
      'Role kube-system',
      'RoleBinding kube-system',
    ]);
  });

  it('labels every object with the contract labels of its stack and environment', () => {
    for (const entry of examples) {
      for (const [overlay, objects] of entry.builds) {
        const environment = overlay
          .replace(/^deploy\/overlays\//, '')
          .split('-')[0];
        for (const object of objects) {
          expect({
            object: `${object.kind} ${object.metadata.name}`,
            labels: object.metadata.labels,
          }).toEqual({
            object: `${object.kind} ${object.metadata.name}`,
            labels: expect.objectContaining({
              'backstage.io/kubernetes-id': entry.spec.metadata.name,
              'app.kubernetes.io/name': entry.spec.metadata.name,
              'app.kubernetes.io/part-of':
                entry.spec.metadata.system ?? entry.spec.metadata.name,
              environment,
            }),
          });
        }
      }
    }
  });

  it('puts every namespaced object into the stack namespace', () => {
    for (const entry of examples) {
      for (const objects of entry.builds.values()) {
        for (const object of objects.filter(
          candidate => !['Namespace', 'StorageClass'].includes(candidate.kind),
        )) {
          expect(
            `${object.kind}/${object.metadata.name} ${object.metadata.namespace}`,
          ).toBe(
            `${object.kind}/${object.metadata.name} ${entry.spec.metadata.name}`,
          );
        }
      }
    }
  });

  it('uses no deprecated Kustomize fields', () => {
    for (const entry of examples) {
      const files = renderKustomize(entry.spec);
      for (const [path, content] of Object.entries(files)) {
        if (!path.endsWith('kustomization.yaml')) continue;
        const keys = Object.keys(parse(content));
        expect({
          path,
          deprecated: keys.filter(key =>
            DEPRECATED_KUSTOMIZE_FIELDS.includes(key),
          ),
        }).toEqual({
          path,
          deprecated: [],
        });
      }
    }
  });

  it('is deterministic and writes every file under deploy/', () => {
    for (const input of Object.values(exampleSpecs)) {
      const first = renderKustomize(parseStackSpec(input));
      expect(renderKustomize(parseStackSpec(input))).toEqual(first);
      expect(Object.keys(first).every(path => path.startsWith('deploy/'))).toBe(
        true,
      );
      expect(Object.keys(first)).toEqual([...Object.keys(first)].sort());
    }
  });

  it('sets the autoscaler bounds and container size per environment', () => {
    const dev = build('all-clouds-gpu', 'dev-aws');
    const prod = build('all-clouds-gpu', 'prod-aws');
    expect(
      field(objectIn(dev, 'HorizontalPodAutoscaler'), 'spec'),
    ).toMatchObject({ minReplicas: 3, maxReplicas: 12 });
    // spec.overrides.prod.hpa
    expect(
      field(objectIn(prod, 'HorizontalPodAutoscaler'), 'spec'),
    ).toMatchObject({ minReplicas: 4, maxReplicas: 30 });
    const resources = (objects: KubernetesObject[]) =>
      field(
        objectIn(objects, 'Deployment'),
        'spec',
        'template',
        'spec',
        'containers',
      ) as Array<{ resources: unknown }>;
    expect(resources(dev)[0].resources).toMatchObject({
      requests: { cpu: '100m' },
    });
    expect(resources(prod)[0].resources).toMatchObject({
      requests: { cpu: '500m' },
      limits: { memory: '1Gi' },
    });
    // No replica count: the HPA owns it.
    expect(
      field(objectIn(prod, 'Deployment'), 'spec', 'replicas'),
    ).toBeUndefined();
  });

  it('lets pods on AKS spot pools tolerate the spot taint, keeping the GPU toleration', () => {
    const tolerations = (objects: KubernetesObject[]) =>
      field(
        objectIn(objects, 'Deployment'),
        'spec',
        'template',
        'spec',
        'tolerations',
      ) as unknown[] | undefined;
    const spot = {
      key: 'kubernetes.azure.com/scalesetpriority',
      operator: 'Equal',
      value: 'spot',
      effect: 'NoSchedule',
    };
    // spot: dev — only dev runs on spot; dev has no GPU (override).
    expect(tolerations(build('all-clouds-gpu', 'dev-azure'))).toEqual([spot]);
    expect(tolerations(build('all-clouds-gpu', 'dev-aws'))).toBeUndefined();
    // prod is on-demand, and its application is not on GPUs: no tolerations at all.
    expect(tolerations(build('all-clouds-gpu', 'prod-azure'))).toBeUndefined();
    const base = exampleNamed('all-clouds-gpu').spec;
    const allSpotGpu = {
      ...base,
      spec: {
        ...base.spec,
        cluster: { ...base.spec.cluster, spot: 'all' as const },
        app: { ...base.spec.app, gpu: true },
      },
    };
    const files = renderKustomize(allSpotGpu);
    expect(
      files['deploy/overlays/prod-azure/spot-toleration-patch.yaml'],
    ).toContain('nvidia.com/gpu');
    expect(
      files['deploy/overlays/prod-azure/spot-toleration-patch.yaml'],
    ).toContain('kubernetes.azure.com/scalesetpriority');
  });

  it('runs the application on GPUs only where it asks for them, capped at the GPU pool', () => {
    const podSpec = (objects: KubernetesObject[]) =>
      field(objectIn(objects, 'Deployment'), 'spec', 'template', 'spec') as {
        nodeSelector?: Record<string, string>;
        tolerations?: unknown[];
        containers: Array<{ resources: { limits: Record<string, unknown> } }>;
      };
    // aws-gpu-large sets spec.app.gpu: one GPU per replica, on the GPU pool.
    for (const overlay of ['staging-aws', 'prod-aws']) {
      const objects = build('aws-gpu-large', overlay);
      const spec = podSpec(objects);
      expect(spec.nodeSelector).toEqual({ 'skyforge.io/pool': 'gpu' });
      expect(spec.tolerations).toEqual([
        {
          key: 'nvidia.com/gpu',
          operator: 'Equal',
          value: 'present',
          effect: 'NoSchedule',
        },
      ]);
      expect(spec.containers[0].resources.limits['nvidia.com/gpu']).toBe(1);
      // spec.app.hpa.max is 20, the large GPU pool holds 8 GPUs.
      expect(
        field(objectIn(objects, 'HorizontalPodAutoscaler'), 'spec'),
      ).toMatchObject({ minReplicas: 2, maxReplicas: 8 });
      expect(
        field(objectIn(objects, 'Deployment'), 'spec', 'strategy'),
      ).toEqual({
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
      });
    }
    // all-clouds-gpu has GPU pools but its application does not ask for GPUs. On GKE the
    // application selects its own pool, off the system pool (which stays untainted).
    const gkeApplicationPool = { 'skyforge.io/pool': 'application' };
    for (const [overlay, nodeSelector] of [
      ['staging-aws', undefined],
      ['prod-azure', undefined],
      ['prod-gcp', gkeApplicationPool],
      ['dev-gcp', gkeApplicationPool],
    ] as const) {
      const spec = podSpec(build('all-clouds-gpu', overlay));
      expect(spec.nodeSelector).toEqual(nodeSelector);
      expect(spec.tolerations).toBeUndefined();
      expect(
        spec.containers[0].resources.limits['nvidia.com/gpu'],
      ).toBeUndefined();
    }
    expect(
      Object.keys(renderKustomize(exampleNamed('all-clouds-gpu').spec)).some(
        path => path.startsWith('deploy/components/gpu/'),
      ),
    ).toBe(false);
  });

  it('gives EKS Auto Mode an application pool per environment and a GPU pool where there are GPUs', () => {
    const pools = (key: string, environment: string) =>
      exampleNamed(key)
        .platforms.get(`deploy/platform/${environment}-aws`)!
        .filter(object => object.kind === 'NodePool');
    const requirement = (pool: KubernetesObject, key: string) =>
      (
        field(pool, 'spec', 'template', 'spec', 'requirements') as Array<{
          key: string;
          values: string[];
        }>
      ).find(entry => entry.key === key)?.values;
    // spot: dev (all-clouds-gpu): spot first in dev only; no GPU pool in dev (override).
    const dev = pools('all-clouds-gpu', 'dev');
    expect(dev.map(pool => pool.metadata.name)).toEqual(['application']);
    expect(requirement(dev[0], 'karpenter.sh/capacity-type')).toEqual([
      'spot',
      'on-demand',
    ]);
    const prod = pools('all-clouds-gpu', 'prod');
    expect(prod.map(pool => pool.metadata.name)).toEqual([
      'application',
      'gpu',
    ]);
    const [application, gpu] = prod;
    expect(requirement(application, 'karpenter.sh/capacity-type')).toEqual([
      'on-demand',
    ]);
    expect(
      requirement(application, 'node.kubernetes.io/instance-type'),
    ).toEqual(['m6i.2xlarge', 'm6a.2xlarge', 'm5.2xlarge']);
    // 30 nodes of 8 vCPUs.
    expect(field(application, 'spec', 'limits')).toEqual({ cpu: '240' });
    expect(field(application, 'spec', 'weight')).toBe(50);
    expect(field(gpu, 'spec', 'template', 'spec', 'taints')).toEqual([
      { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' },
    ]);
    expect(field(gpu, 'spec', 'limits')).toEqual({ 'nvidia.com/gpu': '8' });
    expect(
      field(gpu, 'spec', 'template', 'metadata', 'labels', 'skyforge.io/pool'),
    ).toBe('gpu');
    const platform = exampleNamed('all-clouds-gpu').platforms.get(
      'deploy/platform/prod-aws',
    )!;
    const nodeClass = platform.find(
      object => object.kind === 'NodeClass' && object.metadata.name === 'gpu',
    )!;
    expect(field(nodeClass, 'spec')).toMatchObject({
      role: 'checkout-prod-node',
      subnetSelectorTerms: [
        { tags: { 'karpenter.sh/discovery': 'checkout-prod' } },
      ],
      securityGroupSelectorTerms: [
        { tags: { 'karpenter.sh/discovery': 'checkout-prod' } },
      ],
      tags: { 'skyforge-component': 'checkout', environment: 'prod' },
    });
    expect(
      field(objectIn(platform, 'IngressClass'), 'spec', 'controller'),
    ).toBe('eks.amazonaws.com/alb');
    expect(
      field(
        objectIn(platform, 'ConfigMap'),
        'data',
        'enable-network-policy-controller',
      ),
    ).toBe('true');
  });

  it('configures the EKS Auto Mode load balancer with HTTPS, the ACM certificate and attribution tags', () => {
    const objects = build('aws-small', 'prod-aws');
    const ingress = objectIn(objects, 'Ingress');
    expect(field(ingress, 'spec', 'ingressClassName')).toBe('alb');
    expect(ingress.metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/listen-ports':
        '[{"HTTP": 80}, {"HTTPS": 443}]',
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
      'alb.ingress.kubernetes.io/tags':
        'skyforge-component=payments-api,skyforge-system=payments,environment=prod,owner=payments',
    });
    // The certificate ARN comes from the overlay's env file: a placeholder until deploy time.
    const certificate = (built: KubernetesObject[]) =>
      objectIn(built, 'Ingress').metadata.annotations?.[
        'alb.ingress.kubernetes.io/certificate-arn'
      ];
    expect(certificate(objects)).toBe(
      'arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-0000-0000-000000000000',
    );
    const entry = exampleNamed('aws-small');
    const arn =
      'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
    writeFileSync(
      join(entry.root, 'deploy/overlays/prod-aws', AWS_CERTIFICATE_ENV_FILE),
      `CERTIFICATE_ARN=${arn}\n`,
    );
    const rebuilt = buildOverlay({
      root: entry.root,
      overlay: 'deploy/overlays/prod-aws',
    }) as KubernetesObject[];
    expect(certificate(rebuilt)).toBe(arn);
    // The helper ConfigMap never reaches the cluster.
    expect(
      rebuilt
        .filter(object => object.kind === 'ConfigMap')
        .map(object => object.metadata.name),
    ).toEqual([expect.stringMatching(/^payments-api-config-/)]);
    // Only the public subnets, where the ALB lives, reach the application port.
    const ingressPolicy = objects.find(
      object =>
        object.kind === 'NetworkPolicy' &&
        object.metadata.name === 'payments-api-allow-ingress',
    )!;
    expect(field(ingressPolicy, 'spec', 'ingress')).toEqual([
      {
        // prod-aws is the 7th target of the address plan: 10.46.0.0/16.
        from: [
          { ipBlock: { cidr: '10.46.96.0/22' } },
          { ipBlock: { cidr: '10.46.100.0/22' } },
          { ipBlock: { cidr: '10.46.104.0/22' } },
        ],
        ports: [{ protocol: 'TCP', port: 'http' }],
      },
    ]);
    expect(field(ingress, 'spec', 'tls')).toEqual([
      { hosts: ['payments.example.com'] },
    ]);
    expect(objectIn(objects, 'Namespace').metadata.labels).toMatchObject({
      'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled',
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    expect(storageClasses(objects)).toEqual({
      'payments-api-ssd': {
        provisioner: 'ebs.csi.eks.amazonaws.com',
        type: 'gp3',
        encrypted: 'true',
        reclaimPolicy: 'Delete',
        isDefault: 'true',
      },
      'payments-api-ssd-retain': {
        provisioner: 'ebs.csi.eks.amazonaws.com',
        type: 'gp3',
        encrypted: 'true',
        reclaimPolicy: 'Retain',
      },
      'payments-api-iops': {
        provisioner: 'ebs.csi.eks.amazonaws.com',
        type: 'io2',
        encrypted: 'true',
        reclaimPolicy: 'Delete',
      },
    });
    expect(objectIn(objects, 'StorageClass')).toMatchObject({
      volumeBindingMode: 'WaitForFirstConsumer',
    });
  });

  it.each(['prod-aws', 'prod-gcp', 'prod-azure'])(
    'runs the ml-platform application on its own custom pool on every cloud (%s)',
    overlay => {
      const deployment = objectIn(build('ml-platform', overlay), 'Deployment');
      const pod = field(deployment, 'spec', 'template', 'spec') as any;
      expect(pod.nodeSelector).toEqual({ 'skyforge.io/pool': 'application' });
      // The application pool is on-demand: no spot toleration, and none for the features taint.
      expect(
        (pod.tolerations ?? []).map((toleration: any) => toleration.key),
      ).not.toContain('workload');
      expect(
        (pod.tolerations ?? []).map((toleration: any) => toleration.key),
      ).not.toContain('kubernetes.azure.com/scalesetpriority');
    },
  );

  it('runs the application on its node group and nothing on the tainted database group (custom pools)', () => {
    const objects = build('analytics-hub', 'prod-aws');
    const podSpecs = objects.flatMap(object => {
      const spec = field(object, 'spec', 'template', 'spec');
      return spec ? [{ name: object.metadata.name, spec: spec as any }] : [];
    });
    expect(podSpecs.length).toBeGreaterThan(0);
    // A toleration admits a taint when its key matches (or is empty with Exists), its value
    // matches (or the operator is Exists) and its effect matches (or is empty).
    const taint = { key: 'workload', value: 'database', effect: 'NoSchedule' };
    const tolerates = (toleration: Record<string, string | undefined>) =>
      (toleration.key === taint.key ||
        (toleration.key === undefined && toleration.operator === 'Exists')) &&
      (toleration.operator === 'Exists' || toleration.value === taint.value) &&
      (toleration.effect === undefined || toleration.effect === taint.effect);
    expect(
      podSpecs
        .filter(({ spec }) => (spec.tolerations ?? []).some(tolerates))
        .map(({ name }) => name),
    ).toEqual([]);
    expect(
      field(
        objectIn(objects, 'Deployment'),
        'spec',
        'template',
        'spec',
        'nodeSelector',
      ),
    ).toEqual({ 'skyforge.io/pool': 'application' });
    // Auto Mode's EBS driver serves only its own nodes: the node groups' volumes need the add-on's.
    expect(
      Object.values(storageClasses(objects)).map(
        storageClass => storageClass.provisioner,
      ),
    ).toEqual(['ebs.csi.aws.com', 'ebs.csi.aws.com', 'ebs.csi.aws.com']);
    // The node groups replace the Auto Mode application pool.
    const platform = exampleNamed('analytics-hub').platforms.get(
      'deploy/platform/prod-aws',
    )!;
    expect(
      platform
        .filter(object => ['NodePool', 'NodeClass'].includes(object.kind))
        .map(object => object.metadata.name),
    ).toEqual([]);
    expect(objectIn(platform, 'IngressClass').metadata.name).toBe('alb');
  });

  it('annotates the GKE ServiceAccount with the Google service account of each environment', () => {
    const account = (overlay: string) =>
      objectIn(build('all-clouds-gpu', overlay), 'ServiceAccount').metadata
        .annotations?.['iam.gke.io/gcp-service-account'];
    // Each environment's service account lives in that environment's project.
    expect(account('prod-gcp')).toBe(
      'checkout-prod@acme-checkout-prod.iam.gserviceaccount.com',
    );
    expect(account('dev-gcp')).toBe(
      'checkout-dev@acme-checkout-dev.iam.gserviceaccount.com',
    );
    const ingress = objectIn(build('all-clouds-gpu', 'prod-gcp'), 'Ingress');
    expect(ingress.metadata.annotations).toMatchObject({
      'kubernetes.io/ingress.class': 'gce',
      'networking.gke.io/managed-certificates': 'checkout',
    });
    // The managed certificate replaces a TLS Secret, and the API forbids class field + annotation.
    expect(field(ingress, 'spec', 'tls')).toBeUndefined();
    expect(field(ingress, 'spec', 'ingressClassName')).toBeUndefined();
    expect(
      field(
        objectIn(build('all-clouds-gpu', 'prod-gcp'), 'ManagedCertificate'),
        'spec',
        'domains',
      ),
    ).toEqual(['checkout.example.com']);
  });

  it('gives each GKE environment its TLS 1.2+ SSL policy, its reserved address and the application pool', () => {
    for (const environment of ['dev', 'prod']) {
      const objects = build('all-clouds-gpu', `${environment}-gcp`);
      expect(
        objectIn(objects, 'Ingress').metadata.annotations?.[
          'kubernetes.io/ingress.global-static-ip-name'
        ],
      ).toBe(`checkout-${environment}-ingress`);
      expect(
        field(objectIn(objects, 'FrontendConfig'), 'spec', 'sslPolicy'),
      ).toBe(`checkout-${environment}-modern-tls`);
    }
    // Terraform creates the same names in each environment's root.
    const files = renderStack(exampleSpecs['all-clouds-gpu']).files;
    expect(files['infra/envs/prod/gcp/main.tf']).toMatch(
      /ingress_address_name\s+= "checkout-prod-ingress"\n\s+ssl_policy_name\s+= "checkout-prod-modern-tls"/,
    );
    // Off the untainted system pool (review minor 27).
    expect(
      field(
        objectIn(build('gcp-medium', 'dev-gcp'), 'Deployment'),
        'spec',
        'template',
        'spec',
        'nodeSelector',
      ),
    ).toEqual({ 'skyforge.io/pool': 'application' });
  });

  it('names the Key Vault certificate the AKS application routing add-on serves', () => {
    for (const environment of ['dev', 'prod'] as const) {
      const ingress = objectIn(
        build('all-clouds-gpu', `${environment}-azure`),
        'Ingress',
      );
      const vault = azureResourceNames({
        spec: exampleNamed('all-clouds-gpu').spec,
        environment,
      }).keyVault;
      expect(ingress.metadata.annotations).toMatchObject({
        'kubernetes.azure.com/tls-cert-keyvault-uri': `https://${vault}.vault.azure.net/certificates/checkout-tls`,
      });
      expect(field(ingress, 'spec', 'tls')).toEqual([
        { hosts: ['checkout.example.com'], secretName: 'keyvault-checkout' },
      ]);
    }
  });

  it('deploys the NVIDIA device plugin to AKS GPU pools only, outside the application namespace', () => {
    const root = exampleNamed('all-clouds-gpu').root;
    // dev runs no GPU pool (spec.overrides.dev.gpu is false): its platform has the health reader only.
    const kinds = (environment: string) =>
      buildOverlay({ root, overlay: `deploy/platform/${environment}-azure` })
        .map(object => (object as KubernetesObject).kind)
        .filter(kind => !kind.includes('Role'));
    expect(kinds('dev')).toEqual([]);
    expect(kinds('staging')).toEqual(['DaemonSet']);
    const objects = buildOverlay({
      root,
      overlay: 'deploy/platform/prod-azure',
    }).filter(object => (object as KubernetesObject).kind === 'DaemonSet');
    expect(objects).toHaveLength(1);
    const daemonSet = objects[0] as KubernetesObject;
    expect(daemonSet.kind).toBe('DaemonSet');
    expect(daemonSet.metadata.namespace).toBe('kube-system');
    const pod = field(daemonSet, 'spec', 'template', 'spec') as {
      nodeSelector: Record<string, string>;
      tolerations: unknown[];
      containers: Array<{ image: string }>;
    };
    expect(pod.nodeSelector).toEqual({ 'skyforge.io/pool': 'gpu' });
    expect(pod.tolerations).toContainEqual({
      key: 'nvidia.com/gpu',
      operator: 'Exists',
      effect: 'NoSchedule',
    });
    expect(pod.containers[0].image).toMatch(
      /^nvcr\.io\/nvidia\/k8s-device-plugin:v\d+\.\d+\.\d+$/,
    );
    // No GPU on Azure (or no Azure): no device plugin.
    for (const key of ['azure-small', 'aws-gpu-large', 'gcp-medium']) {
      expect(
        Object.keys(renderKustomize(exampleNamed(key).spec)).some(path =>
          path.startsWith('deploy/components/azure-gpu/'),
        ),
      ).toBe(false);
    }
  });

  it.each([
    ['gcp', 'backstage@acme-platform.iam.gserviceaccount.com'],
    ['azure', '3f2504e0-4f89-41d3-9a0c-0305e82c3301'],
  ] as const)(
    "binds Backstage's identity on %s from health-reader.env, and nobody before it is written",
    (cloud, identity) => {
      const directory = `deploy/platform/prod-${cloud}`;
      const byKind = (objects: unknown[]) =>
        [...(objects as KubernetesObject[])].sort((a, b) =>
          a.kind.localeCompare(b.kind),
        );
      const rbac = (objects: unknown[]) =>
        byKind(objects).filter(object => object.kind.includes('Role'));
      const expected = (name: string) =>
        byKind(healthReaderRbacObjects({ subjects: [{ kind: 'User', name }] }));
      expect(
        rbac(exampleNamed('all-clouds-gpu').platforms.get(directory)!),
      ).toEqual(expected(HEALTH_READER_SUBJECT_PLACEHOLDER));
      const copy = mkdtempSync(join(tmpdir(), 'skyforge-health-reader-'));
      try {
        writeFileTree({
          files: renderKustomize(exampleNamed('all-clouds-gpu').spec),
          directory: copy,
        });
        writeFileSync(
          join(copy, directory, HEALTH_READER_ENV_FILE),
          `${HEALTH_READER_SUBJECT_KEY}=${identity}\n`,
        );
        expect(rbac(buildOverlay({ root: copy, overlay: directory }))).toEqual(
          expected(identity),
        );
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    },
  );

  it('serves a stack without a host on any host, without TLS or a certificate', () => {
    const objects = build('gcp-medium', 'prod-gcp');
    const ingress = objectIn(objects, 'Ingress');
    expect(field(ingress, 'spec', 'tls')).toBeUndefined();
    expect(field(ingress, 'spec', 'rules')).toEqual([
      {
        http: {
          paths: [
            {
              path: '/',
              pathType: 'Prefix',
              backend: { service: { name: 'search', port: { name: 'http' } } },
            },
          ],
        },
      },
    ]);
    expect(
      objects.some(
        object =>
          object.kind === 'ManagedCertificate' ||
          object.kind === 'FrontendConfig',
      ),
    ).toBe(false);
  });

  it('takes the Azure workload identity client ID from the overlay env file at build time', () => {
    const entry = exampleNamed('azure-small');
    const overlay = 'deploy/overlays/prod-azure';
    const committed = build('azure-small', 'prod-azure');
    const account = (objects: KubernetesObject[]) =>
      objectIn(objects, 'ServiceAccount').metadata.annotations?.[
        'azure.workload.identity/client-id'
      ];
    expect(account(committed)).toBe(AZURE_CLIENT_ID_PLACEHOLDER);
    // The helper ConfigMap is local-config: it never reaches the cluster.
    expect(
      committed
        .filter(object => object.kind === 'ConfigMap')
        .map(object => object.metadata.name),
    ).toEqual([expect.stringMatching(/^ledger-config-/)]);
    const pod = field(
      objectIn(committed, 'Deployment'),
      'spec',
      'template',
      'metadata',
      'labels',
    );
    expect(pod).toMatchObject({ 'azure.workload.identity/use': 'true' });
    expect(
      field(objectIn(committed, 'Ingress'), 'spec', 'ingressClassName'),
    ).toBe('webapprouting.kubernetes.azure.com');

    // What `make k8s-identity` does: overwrite the env file with the Terraform output.
    const clientId = '11111111-2222-3333-4444-555555555555';
    writeFileSync(
      join(entry.root, overlay, 'workload-identity.env'),
      `AZURE_CLIENT_ID=${clientId}\n`,
    );
    const rebuilt = buildOverlay({
      root: entry.root,
      overlay,
    }) as KubernetesObject[];
    expect(account(rebuilt)).toBe(clientId);
  });

  it('deploys every overlay from the registry its stack creates, pinned by digest', () => {
    let checked = 0;
    for (const example of examples) {
      for (const target of kubernetesTargets(example.spec)) {
        const objects = example.builds.get(overlayDirectory(target))!;
        const images = objects
          .filter(object => object.kind === 'Deployment')
          .flatMap(deployment =>
            (
              field(deployment, 'spec', 'template', 'spec', 'containers') as {
                image: string;
              }[]
            ).map(container => container.image),
          );
        expect(images.length).toBeGreaterThan(0);
        for (const image of images) {
          const [repository, digest] = image.split('@');
          expect(repository).toBe(
            imageRepository({ spec: example.spec, target }),
          );
          expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);
          // With a registry: not the source, since the cluster's identity may pull only from its
          // own registry; and the placeholder until the first push.
          const registry = example.spec.spec.services.registry;
          const source = example.spec.spec.app.image.split(/[:@]/)[0]!;
          expect(registry ? repository.includes(source) : false).toBe(false);
          expect(registry ? digest : IMAGE_DIGEST_PLACEHOLDER).toBe(
            IMAGE_DIGEST_PLACEHOLDER,
          );
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('builds the image make k8s-image pins: the Deployment runs exactly repository@digest', () => {
    const entry = exampleNamed('azure-small');
    writeFileSync(join(entry.root, 'Makefile'), renderMakefile(entry.spec));
    const digest = `sha256:${'cd'.repeat(32)}`;
    const repository = 'ledgerprodacr.azurecr.io/ledger';
    const make = spawnSync(
      'make',
      [
        '--no-print-directory',
        'k8s-image',
        'ENV=prod',
        'CLOUD=azure',
        `IMAGE_REPOSITORY=${repository}`,
        `DIGEST=${digest}`,
      ],
      { cwd: entry.root, encoding: 'utf8' },
    );
    expect(make.stderr).toBe('');
    expect(make.status).toBe(0);
    const rebuilt = buildOverlay({
      root: entry.root,
      overlay: 'deploy/overlays/prod-azure',
    }) as KubernetesObject[];
    const containers = field(
      objectIn(rebuilt, 'Deployment'),
      'spec',
      'template',
      'spec',
      'containers',
    ) as { image: string }[];
    expect(containers.map(container => container.image)).toEqual([
      `${repository}@${digest}`,
    ]);
  });
});
