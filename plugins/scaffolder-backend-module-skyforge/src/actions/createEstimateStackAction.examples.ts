import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Estimate the stack a previous skyforge:stack:render step validated and write COST.md',
    example: yaml.stringify({
      steps: [
        {
          id: 'estimate',
          action: 'skyforge:stack:estimate',
          name: 'Estimate the monthly cost',
          input: {
            spec: "${{ steps['render'].output.spec }}",
          },
        },
      ],
    }),
  },
  {
    description:
      'Estimate an Azure stack from form fields and write COST.md into docs/',
    example: yaml.stringify({
      steps: [
        {
          id: 'estimate',
          action: 'skyforge:stack:estimate',
          name: 'Estimate the monthly cost',
          input: {
            name: 'ledger',
            owner: 'group:default/finance',
            clouds: ['azure'],
            region: 'westeurope',
            environments: ['dev', 'staging', 'prod'],
            size: 'small',
            image: 'acme.azurecr.io/ledger:3.1.0',
            budget: 1800,
            currency: 'USD',
            targetPath: 'docs',
          },
        },
      ],
    }),
  },
];
