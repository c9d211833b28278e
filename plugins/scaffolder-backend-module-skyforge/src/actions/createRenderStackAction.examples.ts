import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import type { StackInput } from './stackInputSchema';

/** The form fields of a single-cloud AWS stack; the action's tests render the same stack. */
export const paymentsApiFields: StackInput = {
  name: 'payments-api',
  owner: 'group:default/payments',
  system: 'payments',
  description: 'Payments API',
  clouds: ['aws'],
  region: 'us-east-1',
  environments: ['dev', 'staging', 'prod'],
  size: 'small',
  kubernetesVersion: '1.36',
  gpu: false,
  spot: 'dev',
  services: {
    postgres: true,
    redis: true,
    objectStorage: true,
    registry: true,
    monitoring: true,
  },
  image: 'ghcr.io/acme/payments-api:1.4.2',
  port: 8080,
  ingressHost: 'payments.example.com',
  budget: 2500,
  currency: 'USD',
};

export const examples: TemplateExample[] = [
  {
    description: 'Render a single-cloud AWS stack from form fields',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'skyforge:stack:render',
          name: 'Render the stack',
          input: paymentsApiFields,
        },
      ],
    }),
  },
  {
    description: 'Render a GCP stack with a GPU pool into a subdirectory',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'skyforge:stack:render',
          name: 'Render the stack',
          input: {
            name: 'inference',
            owner: 'group:default/ml-platform',
            clouds: ['gcp'],
            region: 'europe-west4',
            gcpProjects: {
              staging: 'acme-inference-staging',
              prod: 'acme-inference-prod',
            },
            environments: ['staging', 'prod'],
            size: 'medium',
            gpu: true,
            spot: 'none',
            services: { postgres: false, redis: true },
            image: 'europe-docker.pkg.dev/acme-inference/apps/inference:0.9.1',
            port: 8000,
            hpa: { min: 2, max: 20, cpu: 60 },
            targetPath: 'platform',
          },
        },
      ],
    }),
  },
  {
    description: 'Render two clouds from a whole StackSpec',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'skyforge:stack:render',
          name: 'Render the stack',
          input: {
            spec: {
              apiVersion: 'skyforge.io/v1alpha1',
              kind: 'Stack',
              metadata: { name: 'ledger', owner: 'group:default/finance' },
              spec: {
                clouds: ['aws', 'azure'],
                regions: { aws: 'eu-west-1', azure: 'westeurope' },
                environments: ['dev', 'prod'],
                app: { image: 'acme.azurecr.io/ledger:3.1.0' },
                budget: { monthly: 4000, currency: 'USD' },
              },
            },
          },
        },
      ],
    }),
  },
];
