import type { StackSpecInput } from '../spec/stackSpec';

/** Representative specs used by golden tests, the property test and the benchmark. */
export const exampleSpecs: Record<string, StackSpecInput> = {
  'aws-small': {
    apiVersion: 'skyforge.io/v1alpha1',
    kind: 'Stack',
    metadata: {
      name: 'payments-api',
      owner: 'group:default/payments',
      system: 'payments',
      description: 'Payments API',
    },
    spec: {
      clouds: ['aws'],
      regions: { aws: 'us-east-1' },
      environments: ['dev', 'staging', 'prod'],
      size: 'small',
      services: {
        postgres: true,
        redis: true,
        objectStorage: true,
        registry: true,
        monitoring: true,
      },
      app: {
        image: 'ghcr.io/acme/payments-api:1.4.2',
        port: 8080,
        ingress: { host: 'payments.example.com', tls: true },
        // The layered configuration: common values here, per-environment changes in overrides.
        env: {
          LOG_LEVEL: 'info',
          PAYMENTS_PROVIDER_URL: 'https://api.example.com',
        },
      },
      budget: { monthly: 2500, currency: 'USD' },
      overrides: {
        prod: {
          app: {
            env: { LOG_LEVEL: 'warn' },
            resources: {
              requests: { cpu: '750m', memory: '768Mi' },
              limits: { cpu: '2', memory: '1536Mi' },
            },
          },
        },
      },
    },
  },
  'gcp-medium': {
    apiVersion: 'skyforge.io/v1alpha1',
    kind: 'Stack',
    metadata: {
      name: 'search',
      owner: 'group:default/discovery',
      system: 'discovery',
    },
    spec: {
      clouds: ['gcp'],
      regions: { gcp: 'europe-west1' },
      gcp: {
        projects: { dev: 'acme-discovery-dev', prod: 'acme-discovery-prod' },
      },
      environments: ['dev', 'prod'],
      size: 'medium',
      cluster: { gpu: false, spot: 'all' },
      services: {
        postgres: true,
        redis: false,
        objectStorage: true,
        registry: true,
        monitoring: true,
      },
      app: {
        image: 'europe-docker.pkg.dev/acme-discovery/apps/search:2.0.0',
        port: 9000,
      },
    },
  },
  'azure-small': {
    apiVersion: 'skyforge.io/v1alpha1',
    kind: 'Stack',
    metadata: { name: 'ledger', owner: 'group:default/finance' },
    spec: {
      clouds: ['azure'],
      regions: { azure: 'westeurope' },
      environments: ['dev', 'staging', 'prod'],
      size: 'small',
      services: {
        postgres: true,
        redis: true,
        objectStorage: true,
        registry: true,
        monitoring: true,
      },
      app: {
        image: 'acme.azurecr.io/ledger:3.1.0',
        ingress: { host: 'ledger.example.com', tls: true },
      },
      budget: { monthly: 1800, currency: 'EUR' },
    },
  },
  'aws-gpu-large': {
    apiVersion: 'skyforge.io/v1alpha1',
    kind: 'Stack',
    metadata: {
      name: 'inference',
      owner: 'group:default/ml-platform',
      system: 'ml',
    },
    spec: {
      clouds: ['aws'],
      regions: { aws: 'us-west-2' },
      environments: ['staging', 'prod'],
      size: 'large',
      cluster: {
        kubernetesVersion: '1.36',
        gpu: true,
        spot: 'none',
        publicEndpointCidrs: ['203.0.113.0/24'],
      },
      services: {
        postgres: false,
        redis: true,
        objectStorage: true,
        registry: true,
        monitoring: true,
      },
      app: {
        image: 'ghcr.io/acme/inference:0.9.1',
        port: 8000,
        hpa: { min: 2, max: 20, cpu: 60 },
        // Inference: every replica needs a GPU, so the pods run on the GPU pool.
        gpu: true,
      },
    },
  },
  'all-clouds-gpu': {
    apiVersion: 'skyforge.io/v1alpha1',
    kind: 'Stack',
    metadata: {
      name: 'checkout',
      owner: 'group:default/commerce',
      system: 'commerce',
      description: 'Checkout on three clouds',
    },
    spec: {
      clouds: ['aws', 'gcp', 'azure'],
      regions: { aws: 'eu-west-1', gcp: 'europe-west4', azure: 'northeurope' },
      gcp: {
        projects: {
          dev: 'acme-checkout-dev',
          staging: 'acme-checkout-staging',
          prod: 'acme-checkout-prod',
        },
      },
      environments: ['dev', 'staging', 'prod'],
      size: 'medium',
      cluster: { gpu: true, spot: 'dev' },
      services: {
        postgres: true,
        redis: true,
        kafka: true,
        objectStorage: true,
        registry: true,
        monitoring: true,
      },
      app: {
        image: 'ghcr.io/acme/checkout:5.2.0',
        // Built from its own repository by the apply workflow, pushed to each stack registry.
        build: { repository: 'acme/checkout', ref: 'main' },
        port: 8080,
        hpa: { min: 3, max: 12, cpu: 70 },
        ingress: { host: 'checkout.example.com', tls: true },
      },
      budget: { monthly: 12000, currency: 'USD' },
      alerts: { email: 'platform-oncall@example.com' },
      overrides: {
        prod: { size: 'large', hpa: { min: 4, max: 30 } },
        dev: { gpu: false },
      },
    },
  },
  // examples/stacks/ml-platform.yaml (exampleSpecs.test.ts checks the two agree).
  'ml-platform': {
    apiVersion: 'skyforge.io/v1alpha1',
    kind: 'Stack',
    metadata: {
      name: 'ml-platform',
      owner: 'group:default/ml-platform',
      system: 'ml',
      description: 'The same ML platform on AWS, GCP and Azure',
    },
    spec: {
      clouds: ['aws', 'gcp', 'azure'],
      regions: {
        aws: 'us-east-1',
        gcp: 'us-central1',
        azure: 'eastus',
      },
      gcp: {
        projects: {
          prod: 'acme-ml-prod',
        },
      },
      environments: ['prod'],
      size: 'medium',
      cluster: {
        gpu: true,
        nodePools: [
          {
            name: 'system',
            instanceTypes: {
              aws: ['m5.xlarge'],
              gcp: ['n2-standard-4'],
              azure: ['Standard_D4s_v5'],
            },
            min: 2,
            desired: 3,
            max: 4,
            capacity: 'on-demand',
            diskGb: 100,
            labels: {
              workload: 'system',
            },
          },
          {
            name: 'application',
            instanceTypes: {
              aws: ['m5.2xlarge'],
              gcp: ['n2-standard-8'],
              azure: ['Standard_D8s_v5'],
            },
            min: 3,
            desired: 3,
            max: 8,
            capacity: 'on-demand',
            diskGb: 200,
            labels: {
              workload: 'application',
            },
          },
          {
            name: 'features',
            instanceTypes: {
              aws: ['r5.2xlarge'],
              gcp: ['n2-highmem-8'],
              azure: ['Standard_E8s_v5'],
            },
            min: 0,
            desired: 2,
            max: 6,
            capacity: 'spot',
            diskGb: 500,
            diskType: 'gp3',
            diskIops: 6000,
            diskThroughput: 250,
            labels: {
              workload: 'features',
            },
            taints: ['workload=features:NoSchedule'],
          },
        ],
      },
      services: {
        postgres: true,
        redis: false,
        kafka: false,
        objectStorage: true,
        registry: true,
        monitoring: true,
      },
      app: {
        image: 'ghcr.io/acme/ml-platform:1.0.0',
        port: 8080,
        hpa: {
          min: 3,
          max: 12,
          cpu: 70,
        },
        ingress: {
          host: 'ml.example.com',
          tls: true,
        },
      },
    },
  },
  // examples/stacks/analytics-hub.yaml (exampleSpecs.test.ts checks the two agree).
  'analytics-hub': {
    apiVersion: 'skyforge.io/v1alpha1',
    kind: 'Stack',
    metadata: {
      name: 'analytics-hub',
      owner: 'group:default/data-platform',
      system: 'analytics',
      description:
        'EKS analytics hub with system, application and database node groups',
    },
    spec: {
      clouds: ['aws'],
      regions: { aws: 'us-east-1' },
      environments: ['prod'],
      cluster: {
        nodePools: [
          {
            name: 'system',
            instanceTypes: { aws: ['m5.xlarge'] },
            min: 2,
            desired: 3,
            max: 4,
            capacity: 'on-demand',
            diskGb: 100,
            diskType: 'gp3',
            labels: { workload: 'system' },
          },
          {
            name: 'application',
            instanceTypes: {
              aws: ['m5.2xlarge', 'm5a.2xlarge', 'm5n.2xlarge'],
            },
            min: 3,
            desired: 5,
            max: 10,
            capacity: 'spot',
            diskGb: 200,
            diskType: 'gp3',
            labels: { workload: 'application' },
          },
          {
            name: 'database',
            instanceTypes: { aws: ['r5.2xlarge'] },
            min: 3,
            desired: 4,
            max: 6,
            capacity: 'on-demand',
            diskGb: 500,
            diskType: 'gp3',
            diskIops: 3000,
            diskThroughput: 125,
            labels: { workload: 'database' },
            taints: ['workload=database:NoSchedule'],
          },
        ],
      },
      services: {
        postgres: false,
        redis: false,
        kafka: false,
        objectStorage: true,
        registry: true,
        monitoring: true,
      },
      app: {
        image: 'ghcr.io/acme/analytics-hub:1.0.0',
        port: 8080,
        hpa: { min: 3, max: 10, cpu: 70 },
        ingress: { host: 'analytics.example.com', tls: true },
      },
    },
  },
  'trading-api': {
    apiVersion: 'skyforge.io/v1alpha1',
    kind: 'Stack',
    metadata: {
      name: 'trading-api',
      owner: 'group:default/trading',
      system: 'trading',
      description:
        'Trading API on ECS Fargate behind an ALB with RDS Multi-AZ, ElastiCache and MSK',
    },
    spec: {
      clouds: ['aws'],
      regions: { aws: 'us-east-1' },
      environments: ['prod'],
      size: 'medium',
      compute: 'serverless',
      services: {
        postgres: true,
        redis: true,
        kafka: true,
        objectStorage: false,
        registry: true,
        monitoring: true,
      },
      app: {
        image: 'ghcr.io/acme/trading-api:3.2.0',
        port: 8080,
        healthPath: '/health',
        env: { LOG_LEVEL: 'info', ORDER_TOPIC: 'orders' },
        resources: {
          requests: { cpu: '1', memory: '2Gi' },
          limits: { cpu: '1', memory: '2Gi' },
        },
        hpa: { min: 3, max: 12, cpu: 70, memory: 80, latencyMs: 250 },
        ingress: {
          host: 'trading.example.com',
          route53ZoneId: 'Z0123456789ABCDEFGHIJ',
        },
      },
      alerts: { email: 'trading-oncall@example.com' },
      budget: { monthly: 6000, currency: 'USD' },
    },
  },
  // The developer lab of issue #15, serverless: examples/stacks/dev-lab.yaml (exampleSpecs.test.ts
  // checks the two agree).
  'dev-lab': {
    apiVersion: 'skyforge.io/v1alpha1',
    kind: 'Stack',
    metadata: {
      name: 'dev-lab',
      owner: 'group:default/research',
      system: 'lab',
      description:
        'Developer lab: the same containers on Compose locally and on serverless containers in the cloud',
    },
    spec: {
      clouds: ['gcp'],
      regions: { gcp: 'europe-west4' },
      gcp: { projectId: 'acme-dev-lab' },
      environments: ['dev', 'staging'],
      compute: 'serverless',
      size: 'small',
      services: {
        postgres: true,
        redis: true,
        kafka: false,
        objectStorage: true,
        registry: true,
        monitoring: true,
      },
      app: {
        image: 'ghcr.io/acme/lab-api:0.3.0',
        port: 8080,
        healthPath: '/healthz',
        gpu: true,
        resources: {
          requests: { cpu: '500m', memory: '1Gi' },
          limits: { cpu: '4', memory: '16Gi' },
        },
        hpa: { min: 1, max: 5, cpu: 70 },
        ingress: { host: 'lab.example.com', tls: true },
        env: { LOG_LEVEL: 'debug', FEATURE_NOTEBOOKS: 'on' },
      },
      overrides: {
        staging: {
          hpa: { min: 1, max: 10 },
          app: { env: { LOG_LEVEL: 'info' } },
        },
      },
    },
  },
  // The developer lab of issue #15 on Azure Container Apps (serverless), without the GPU that the
  // Consumption profile lacks: examples/stacks/lab-azure.yaml (exampleSpecs.test.ts checks the two agree).
  'lab-azure': {
    apiVersion: 'skyforge.io/v1alpha1',
    kind: 'Stack',
    metadata: {
      name: 'lab-azure',
      owner: 'group:default/research',
      system: 'lab',
      description:
        'Developer lab on Azure Container Apps: the same containers on Compose locally and serverless in the cloud',
    },
    spec: {
      clouds: ['azure'],
      regions: { azure: 'westeurope' },
      environments: ['dev', 'staging'],
      compute: 'serverless',
      size: 'small',
      services: {
        postgres: true,
        redis: true,
        kafka: false,
        objectStorage: true,
        registry: true,
        monitoring: true,
      },
      app: {
        image: 'ghcr.io/acme/lab-api:0.3.0',
        port: 8080,
        healthPath: '/healthz',
        hpa: { min: 1, max: 5, cpu: 70 },
        ingress: { host: 'lab.example.com', tls: true },
        env: { LOG_LEVEL: 'debug', FEATURE_NOTEBOOKS: 'on' },
      },
      alerts: { email: 'lab-oncall@example.com' },
      overrides: {
        staging: {
          hpa: { min: 1, max: 10 },
          app: { env: { LOG_LEVEL: 'info' } },
        },
      },
    },
  },
  'minimal-services': {
    apiVersion: 'skyforge.io/v1alpha1',
    kind: 'Stack',
    metadata: { name: 'edge', owner: 'platform' },
    spec: {
      clouds: ['gcp', 'azure'],
      regions: { gcp: 'us-central1', azure: 'eastus2' },
      gcp: { projectId: 'acme-edge-1' },
      environments: ['dev'],
      size: 'small',
      services: {
        postgres: false,
        redis: false,
        objectStorage: false,
        registry: false,
        monitoring: false,
      },
      app: {
        image:
          'ghcr.io/acme/edge@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      },
    },
  },
};

/**
 * gcp-medium with dev on Cloud Run and staging and prod on GKE: a stack that mixes both compute
 * targets (without monitoring: managed Prometheus scrapes a cluster, which Cloud Run lacks).
 */
export function mixedComputeSpec(): StackSpecInput {
  const input = structuredClone(exampleSpecs['gcp-medium']!) as {
    spec: {
      overrides?: Record<string, unknown>;
      services: Record<string, boolean>;
    };
  };
  input.spec.overrides = { dev: { compute: 'serverless' } };
  input.spec.services.monitoring = false;
  return input as StackSpecInput;
}
