import { exampleSpecs } from '../testing/exampleSpecs';
import { renderKustomize } from '../kustomize/renderKustomize';
import { appHorizontalPodAutoscaler } from '../kustomize/appAutoscaling';
import { catalogEntities } from '../repository/catalogEntities';
import { deploymentTargets, kubernetesTargets } from './deploymentTargets';
import { environmentCompute, runsKubernetes } from './computeTarget';
import { parseStackSpec, validateStackSpec, type StackSpec } from './stackSpec';

/** A deep copy of an example spec with one change applied. */
function variant(name: string, change: (spec: any) => void): unknown {
  const copy = JSON.parse(JSON.stringify(exampleSpecs[name]));
  change(copy);
  return copy;
}

function issues(input: unknown): string[] {
  const result = validateStackSpec(input);
  return result.success
    ? []
    : result.issues.map(issue => `${issue.path}: ${issue.message}`);
}

/**
 * A parsed spec whose compute targets are set afterwards: the renderers' gating, independent of
 * which clouds validation lets run serverless today.
 */
function withCompute(
  name: string,
  compute: StackSpec['spec']['compute'],
  overrides: Partial<
    Record<'dev' | 'staging' | 'prod', 'kubernetes' | 'serverless'>
  > = {},
): StackSpec {
  const spec = parseStackSpec(exampleSpecs[name]);
  spec.spec.compute = compute;
  for (const [environment, target] of Object.entries(overrides)) {
    const key = environment as 'dev' | 'staging' | 'prod';
    spec.spec.overrides[key] = { ...spec.spec.overrides[key], compute: target };
  }
  return spec;
}

describe('spec.compute', () => {
  it('defaults to kubernetes everywhere without writing a value', () => {
    const spec = parseStackSpec(exampleSpecs['aws-small']);
    expect(spec.spec.compute).toBeUndefined();
    expect(deploymentTargets(spec).map(target => target.compute)).toEqual([
      'kubernetes',
      'kubernetes',
      'kubernetes',
    ]);
  });

  it('resolves the per-environment override over the stack value', () => {
    const spec = withCompute('aws-small', 'kubernetes', { prod: 'serverless' });
    expect(environmentCompute(spec.spec, 'prod')).toBe('serverless');
    expect(environmentCompute(spec.spec, 'dev')).toBe('kubernetes');
    expect(
      deploymentTargets(spec).map(target => [
        target.environment,
        target.compute,
        runsKubernetes(target),
      ]),
    ).toEqual([
      ['dev', 'kubernetes', true],
      ['staging', 'kubernetes', true],
      ['prod', 'serverless', false],
    ]);
    expect(kubernetesTargets(spec).map(target => target.environment)).toEqual([
      'dev',
      'staging',
    ]);
  });

  it('refuses values outside the list, naming the field', () => {
    expect(
      issues(variant('aws-small', s => (s.spec.compute = 'lambda'))),
    ).toEqual(['spec.compute: must be one of kubernetes, serverless']);
  });

  it('takes serverless on every cloud, Azure (Container Apps) included', () => {
    expect(
      issues(
        variant('azure-small', s => {
          s.spec.overrides = { dev: { compute: 'serverless' } };
          s.spec.services.monitoring = false;
        }),
      ),
    ).toEqual([]);
  });

  it('takes monitoring where an environment runs serverless (it watches the service instead)', () => {
    const input = variant('gcp-medium', s => {
      s.spec.compute = 'serverless';
      s.spec.services.monitoring = true;
    });
    expect(issues(input)).toEqual([]);
  });

  it('refuses a GPU on Fargate, naming the field and the rule', () => {
    const input = variant('trading-api', s => {
      s.spec.app.gpu = true;
    });
    expect(issues(input)).toEqual([
      'spec.app.gpu: asks for a GPU, and prod runs serverless on aws (AWS), where ECS on Fargate offers no GPUs (GPU tasks need ECS on EC2 container instances); run it on kubernetes (spec.overrides.<environment>.compute), or leave the GPU out',
    ]);
  });

  it('refuses a GPU on Azure Container Apps (Consumption profile), naming the field and the rule', () => {
    const input = variant('lab-azure', s => {
      s.spec.app.gpu = true;
    });
    expect(issues(input)).toEqual([
      'spec.app.gpu: asks for a GPU, and dev, staging run serverless on azure (Azure), where Skyforge renders Azure Container Apps on the Consumption profile, which has no GPUs (the serverless GPU workload profiles are not rendered yet); run them on kubernetes (spec.overrides.<environment>.compute), or leave the GPU out',
    ]);
  });

  it('takes a GPU on Cloud Run in a region that offers Cloud Run GPUs, without a GPU pool', () => {
    expect(issues(variant('dev-lab', () => undefined))).toEqual([]);
    expect(
      issues(variant('dev-lab', s => (s.spec.regions.gcp = 'us-west1'))),
    ).toEqual([
      'spec.regions.gcp: us-west1 has no Cloud Run GPUs, which spec.app.gpu asks for in dev, staging (serverless); use one of asia-southeast1, europe-west1, europe-west4, us-east4',
    ]);
  });

  it('still asks Kubernetes environments for a GPU pool', () => {
    const input = variant('dev-lab', s => {
      s.spec.overrides = {
        ...s.spec.overrides,
        staging: { compute: 'kubernetes' },
      };
    });
    expect(issues(input)).toEqual(
      expect.arrayContaining([
        'spec.app.gpu: needs a GPU pool: set spec.cluster.gpu (or spec.overrides.<environment>.gpu) to true',
      ]),
    );
  });

  it('takes latencyMs only where an environment runs serverless', () => {
    expect(
      issues(variant('aws-small', s => (s.spec.app.hpa = { latencyMs: 200 }))),
    ).toEqual([
      'spec.app.hpa.latencyMs: applies to serverless environments only (it scales on the load balancer response time); set spec.compute (or spec.overrides.<environment>.compute) to serverless, or leave it out',
    ]);
    expect(
      issues(variant('aws-small', s => (s.spec.app.hpa = { memory: 5 }))),
    ).toEqual(['spec.app.hpa.memory: must be at least 10 (%)']);
  });
});

describe('the compute gating', () => {
  it('gives the Kubernetes HPA a memory metric from spec.app.hpa.memory', () => {
    const spec = parseStackSpec(
      variant('aws-small', s => (s.spec.app.hpa = { memory: 80 })),
    );
    const hpa = appHorizontalPodAutoscaler(spec) as any;
    expect(hpa.spec.metrics).toEqual([
      expect.objectContaining({
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: 70 },
        },
      }),
      expect.objectContaining({
        resource: {
          name: 'memory',
          target: { type: 'Utilization', averageUtilization: 80 },
        },
      }),
    ]);
  });

  it('renders overlays and platform directories for Kubernetes targets only', () => {
    const files = Object.keys(
      renderKustomize(
        withCompute('aws-small', undefined, { prod: 'serverless' }),
      ),
    );
    expect(
      files.some(path => path.startsWith('deploy/overlays/dev-aws/')),
    ).toBe(true);
    expect(files.some(path => path.includes('prod-aws'))).toBe(false);
    expect(renderKustomize(withCompute('aws-small', 'serverless'))).toEqual({});
  });

  it('catalogs a serverless service instead of a cluster', () => {
    const entities = catalogEntities(
      withCompute('aws-small', undefined, { prod: 'serverless' }),
    );
    const names = entities.map(entity => entity.metadata.name);
    expect(names).toContain('payments-api-dev-aws-cluster');
    expect(names).not.toContain('payments-api-prod-aws-cluster');
    const service = entities.find(
      entity => entity.metadata.name === 'payments-api-prod-aws-service',
    )!;
    expect(service.spec.type).toBe('serverless-service');
    expect(service.metadata.title).toBe(
      'payments-api prod Amazon ECS on AWS Fargate',
    );
    expect(service.spec.dependsOn).toEqual([
      'resource:default/payments-api-prod-aws-registry',
    ]);
    expect(
      Object.keys(service.metadata.annotations!).some(key =>
        key.startsWith('kubernetes.io/'),
      ),
    ).toBe(false);
    const component = entities.find(entity => entity.kind === 'Component')!;
    expect(component.metadata.tags).toEqual([
      'aws',
      'kubernetes',
      'serverless',
    ]);

    const allServerless = catalogEntities(
      withCompute('aws-small', 'serverless'),
    );
    const onlyComponent = allServerless.find(
      entity => entity.kind === 'Component',
    )!;
    expect(onlyComponent.metadata.tags).toEqual(['aws', 'serverless']);
    expect(onlyComponent.metadata.annotations).not.toHaveProperty(
      'backstage.io/kubernetes-id',
    );
  });
});
