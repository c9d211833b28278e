import { exampleSpecs } from '../testing/exampleSpecs';
import {
  parseStackSpec,
  StackSpecError,
  validateStackSpec,
  type StackSpecInput,
} from './stackSpec';

const base = exampleSpecs['all-clouds-gpu'];

/** A deep copy of the base spec with one change applied. */
function variant(change: (spec: any) => void): StackSpecInput {
  const copy = JSON.parse(JSON.stringify(base));
  change(copy);
  return copy;
}

describe('parseStackSpec', () => {
  it('accepts every example spec and fills in defaults', () => {
    for (const input of Object.values(exampleSpecs)) {
      expect(() => parseStackSpec(input)).not.toThrow();
    }
    const spec = parseStackSpec(exampleSpecs['azure-small']);
    expect(spec.spec.cluster).toEqual({
      // The newest version in standard support on AKS as of the renderer's release date.
      kubernetesVersion: '1.36',
      extendedSupport: false,
      gpu: false,
      spot: 'dev',
      publicEndpointCidrs: [],
    });
    expect(spec.spec.network.cidr).toBe('10.40.0.0/16');
    expect(spec.spec.app.hpa).toEqual({ min: 3, max: 10, cpu: 70 });
    expect(spec.spec.app.port).toBe(8080);
  });

  it('accepts one GCP project only for a stack without prod', () => {
    const shared = variant(s => {
      s.spec.gcp = { projectId: 'acme-checkout' };
      s.spec.environments = ['dev', 'staging'];
      delete s.spec.overrides.prod;
    });
    expect(parseStackSpec(shared).spec.gcp).toEqual({
      projectId: 'acme-checkout',
    });
  });

  it('serves HTTPS by default only where a host names the certificate', () => {
    const withHost = parseStackSpec(exampleSpecs['aws-small']);
    expect(withHost.spec.app.ingress.tls).toBe(true);
    const withoutHost = parseStackSpec(exampleSpecs['gcp-medium']);
    expect(withoutHost.spec.app.ingress).toEqual({ tls: false });
  });

  it('accepts a version in EKS extended support only when the stack opts in', () => {
    const eksOnly = (extendedSupport: boolean) =>
      validateStackSpec(
        variant(s => {
          s.spec.clouds = ['aws'];
          s.spec.regions = { aws: 'eu-west-1' };
          delete s.spec.gcp;
          s.spec.cluster = { kubernetesVersion: '1.34', extendedSupport };
        }),
      );
    expect(eksOnly(true).success).toBe(true);
    const refused = eksOnly(false);
    expect(refused.success ? [] : refused.issues).toEqual([
      {
        path: 'spec.cluster.kubernetesVersion',
        message: expect.stringMatching(
          /^1\.34 left EKS standard support on 2026-12-02 \(extended support costs \$0\.60 .*set spec\.cluster\.extendedSupport to accept it\); as of 2026-12-03 the newest version in standard support on AWS is 1\.36$/,
        ),
      },
    ]);
  });

  it('puts clouds and environments in canonical order', () => {
    const spec = parseStackSpec(
      variant(s => {
        s.spec.clouds = ['azure', 'aws', 'gcp'];
        s.spec.environments = ['prod', 'dev', 'staging'];
      }),
    );
    expect(spec.spec.clouds).toEqual(['aws', 'gcp', 'azure']);
    expect(spec.spec.environments).toEqual(['dev', 'staging', 'prod']);
  });

  it('throws a StackSpecError whose message names the field and the rule', () => {
    const input = variant(s => {
      s.spec.regions.gcp = 'us-east-9';
    });
    expect(() => parseStackSpec(input)).toThrow(StackSpecError);
    expect(() => parseStackSpec(input)).toThrow(
      'spec.regions.gcp: "us-east-9" is not a GCP region',
    );
  });

  // Each invalid spec must be rejected with an issue on exactly this path, saying this.
  const invalid: Array<[string, (spec: any) => void, string, RegExp]> = [
    [
      'wrong apiVersion',
      s => (s.apiVersion = 'v1'),
      'apiVersion',
      /must be "skyforge.io\/v1alpha1"/,
    ],
    ['wrong kind', s => (s.kind = 'Deployment'), 'kind', /must be "Stack"/],
    [
      'missing name',
      s => delete s.metadata.name,
      'metadata.name',
      /is required/,
    ],
    [
      'upper-case name',
      s => (s.metadata.name = 'Payments'),
      'metadata.name',
      /lowercase/,
    ],
    [
      'name too long',
      s => (s.metadata.name = 'a'.repeat(25)),
      'metadata.name',
      /2 to 24/,
    ],
    [
      'name ending in hyphen',
      s => (s.metadata.name = 'payments-'),
      'metadata.name',
      /not end with a hyphen/,
    ],
    [
      'bad owner',
      s => (s.metadata.owner = 'group:default/Pay ments'),
      'metadata.owner',
      /entity reference/,
    ],
    [
      'bad system',
      s => (s.metadata.system = '_payments'),
      'metadata.system',
      /start with a letter/,
    ],
    [
      'no clouds',
      s => (s.spec.clouds = []),
      'spec.clouds',
      /at least one cloud/,
    ],
    [
      'unknown cloud',
      s => (s.spec.clouds = ['aws', 'oracle']),
      'spec.clouds[1]',
      /one of aws, gcp, azure/,
    ],
    [
      'repeated cloud',
      s => (s.spec.clouds = ['aws', 'aws']),
      'spec.clouds',
      /must not repeat/,
    ],
    [
      'bad AWS region',
      s => (s.spec.regions.aws = 'us-east-7'),
      'spec.regions.aws',
      /"us-east-7" is not an AWS region/,
    ],
    [
      'bad Azure region',
      s => (s.spec.regions.azure = 'Mars'),
      'spec.regions.azure',
      /is not an Azure region/,
    ],
    [
      'missing region',
      s => delete s.spec.regions.azure,
      'spec.regions.azure',
      /required because clouds includes azure/,
    ],
    [
      'region for unchosen cloud',
      s => {
        s.spec.clouds = ['aws'];
        delete s.spec.gcp;
        s.spec.regions = { aws: 'eu-west-1', gcp: 'us-central1' };
      },
      'spec.regions.gcp',
      /clouds does not include gcp/,
    ],
    [
      'missing GCP project',
      s => delete s.spec.gcp,
      'spec.gcp.projects',
      /required because clouds includes gcp: one project ID per environment/,
    ],
    [
      'bad GCP project',
      s => (s.spec.gcp.projects.dev = 'Acme'),
      'spec.gcp.projects.dev',
      /GCP project ID/,
    ],
    [
      'one GCP project for a stack with prod',
      s => (s.spec.gcp = { projectId: 'acme-checkout' }),
      'spec.gcp.projectId',
      /allowed only for stacks without prod: every GKE cluster in a project shares one workload identity pool/,
    ],
    [
      'prod sharing its GCP project',
      s => (s.spec.gcp.projects.prod = s.spec.gcp.projects.dev),
      'spec.gcp.projects.prod',
      /must differ from the project of dev: every GKE cluster in a project shares one workload identity pool/,
    ],
    [
      'an environment without a GCP project',
      s => delete s.spec.gcp.projects.staging,
      'spec.gcp.projects.staging',
      /required because environments includes staging/,
    ],
    [
      'a GCP project for an environment not rendered',
      s => {
        s.spec.environments = ['dev', 'prod'];
        delete s.spec.overrides.staging;
      },
      'spec.gcp.projects.staging',
      /environments does not include staging/,
    ],
    [
      'projectId and projects together',
      s => (s.spec.gcp.projectId = 'acme-checkout'),
      'spec.gcp.projectId',
      /must not be set together with projects/,
    ],
    [
      'unknown environment',
      s => (s.spec.environments = ['dev', 'qa']),
      'spec.environments[1]',
      /one of dev, staging, prod/,
    ],
    [
      'no environments',
      s => (s.spec.environments = []),
      'spec.environments',
      /at least one environment/,
    ],
    [
      'unknown size',
      s => (s.spec.size = 'huge'),
      'spec.size',
      /one of small, medium, large/,
    ],
    [
      'bad network cidr',
      s => (s.spec.network = { cidr: '10.0.0.0/8' }),
      'spec.network.cidr',
      /\/16 block/,
    ],
    [
      'malformed cidr',
      s => (s.spec.network = { cidr: '10.0.0/16' }),
      'spec.network.cidr',
      /IPv4 CIDR/,
    ],
    [
      'unknown Kubernetes version',
      s => (s.spec.cluster.kubernetesVersion = '1.20'),
      'spec.cluster.kubernetesVersion',
      /not a Kubernetes version Skyforge knows .*newest version in standard support on AWS, GCP and Azure is 1\.36/,
    ],
    [
      'Kubernetes version past standard support',
      s => (s.spec.cluster.kubernetesVersion = '1.33'),
      'spec.cluster.kubernetesVersion',
      /1\.33 left EKS standard support on 2026-07-29 .*1\.33 left GKE standard support on 2026-08-03; 1\.33 left AKS standard support on 2026-07-31; as of 2026-12-03 the newest version in standard support on AWS, GCP and Azure is 1\.36/,
    ],
    [
      'Kubernetes version that is not a minor version',
      s => (s.spec.cluster.kubernetesVersion = 'latest'),
      'spec.cluster.kubernetesVersion',
      /minor version such as 1\.36/,
    ],
    [
      'EKS extended support without AWS',
      s => {
        s.spec.clouds = ['gcp'];
        s.spec.regions = { gcp: 'europe-west4' };
        s.spec.cluster.extendedSupport = true;
      },
      'spec.cluster.extendedSupport',
      /EKS only/,
    ],
    [
      'TLS without a host',
      s => (s.spec.app.ingress = { tls: true }),
      'spec.app.ingress.host',
      /required when spec\.app\.ingress\.tls is true/,
    ],
    [
      'Route 53 zone without a host',
      s => (s.spec.app.ingress = { route53ZoneId: 'Z0123456789ABC' }),
      'spec.app.ingress.route53ZoneId',
      /needs spec\.app\.ingress\.host/,
    ],
    [
      'malformed Route 53 zone',
      s => (s.spec.app.ingress.route53ZoneId = 'zone-1'),
      'spec.app.ingress.route53ZoneId',
      /hosted zone ID/,
    ],
    [
      'GPU application without a GPU pool',
      s => {
        s.spec.cluster.gpu = false;
        s.spec.overrides = {};
        s.spec.app.gpu = true;
      },
      'spec.app.gpu',
      /needs a GPU pool/,
    ],
    [
      'bad spot policy',
      s => (s.spec.cluster.spot = 'sometimes'),
      'spec.cluster.spot',
      /one of none, dev, all/,
    ],
    [
      'API open to the world',
      s => (s.spec.cluster.publicEndpointCidrs = ['0.0.0.0/0']),
      'spec.cluster.publicEndpointCidrs[0]',
      /whole internet/,
    ],
    [
      'gpu not boolean',
      s => (s.spec.cluster.gpu = 'yes'),
      'spec.cluster.gpu',
      /must be a boolean/,
    ],
    [
      'service not boolean',
      s => (s.spec.services.redis = 1),
      'spec.services.redis',
      /must be a boolean/,
    ],
    [
      'unknown service',
      s => (s.spec.services.rabbitmq = true),
      'spec.services',
      /unknown field\(s\) "rabbitmq"/,
    ],
    [
      'image without tag',
      s => (s.spec.app.image = 'ghcr.io/acme/checkout'),
      'spec.app.image',
      /pinned to a tag or digest/,
    ],
    [
      'image with latest',
      s => (s.spec.app.image = 'ghcr.io/acme/checkout:latest'),
      'spec.app.image',
      /must not use the "latest" tag/,
    ],
    [
      'privileged port',
      s => (s.spec.app.port = 80),
      'spec.app.port',
      /at least 1024/,
    ],
    [
      'port as string',
      s => (s.spec.app.port = '8080'),
      'spec.app.port',
      /must be a number/,
    ],
    [
      'fractional hpa min',
      s => (s.spec.app.hpa.min = 1.5),
      'spec.app.hpa.min',
      /whole number/,
    ],
    [
      'hpa max below min',
      s => (s.spec.app.hpa = { min: 5, max: 2, cpu: 70 }),
      'spec.app.hpa.max',
      /at least hpa.min \(5\)/,
    ],
    [
      'hpa cpu target too high',
      s => (s.spec.app.hpa.cpu = 100),
      'spec.app.hpa.cpu',
      /at most 95/,
    ],
    [
      'bad ingress host',
      s => (s.spec.app.ingress.host = 'Checkout_Example'),
      'spec.app.ingress.host',
      /lowercase DNS name/,
    ],
    [
      'negative budget',
      s => (s.spec.budget.monthly = -5),
      'spec.budget.monthly',
      /greater than 0/,
    ],
    [
      'unknown currency',
      s => (s.spec.budget.currency = 'BTC'),
      'spec.budget.currency',
      /one of USD, EUR, GBP/,
    ],
    [
      'override of absent environment',
      s => {
        s.spec.environments = ['dev', 'prod'];
        s.spec.overrides = { staging: { size: 'large' } };
      },
      'spec.overrides.staging',
      /not in environments/,
    ],
    [
      'override with max below min',
      s => (s.spec.overrides.prod.hpa = { min: 6, max: 4 }),
      'spec.overrides.prod.hpa.max',
      /at least the minimum replicas \(6\)/,
    ],
    [
      'build repository that is not owner/name',
      s => (s.spec.app.build.repository = 'https://github.com/acme/checkout'),
      'spec.app.build.repository',
      /owner\/name/,
    ],
    [
      'build Dockerfile outside the repository',
      s => (s.spec.app.build.dockerfile = '../Dockerfile'),
      'spec.app.build.dockerfile',
      /relative path inside the repository/,
    ],
    [
      'build without a registry to push to',
      s => (s.spec.services.registry = false),
      'spec.app.build',
      /needs services.registry/,
    ],
    [
      'unknown top-level field',
      s => (s.status = {}),
      '(root)',
      /unknown field\(s\) "status"/,
    ],
    [
      'unknown app field',
      s => (s.spec.app.replicas = 3),
      'spec.app',
      /unknown field\(s\) "replicas"/,
    ],
  ];

  it.each(invalid)('rejects %s', (_title, change, path, message) => {
    const result = validateStackSpec(variant(change));
    const issues = result.success ? [] : result.issues;
    expect(result.success).toBe(false);
    const issue = issues.find(candidate => candidate.path === path);
    expect({ issues, found: issue?.message }).toEqual(
      expect.objectContaining({ found: expect.stringMatching(message) }),
    );
  });

  it('reports every problem at once', () => {
    const result = validateStackSpec(
      variant(s => {
        s.metadata.name = 'X';
        s.spec.size = 'huge';
        s.spec.regions.gcp = 'nowhere';
      }),
    );
    expect(result.success).toBe(false);
    const paths = result.success ? [] : result.issues.map(issue => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'metadata.name',
        'spec.size',
        'spec.regions.gcp',
      ]),
    );
  });
});
