import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Start the destroy workflow of one environment of the stack of a Component picked in the form',
    example: yaml.stringify({
      steps: [
        {
          id: 'teardown',
          action: 'skyforge:stack:teardown',
          name: 'Start the destroy workflow',
          input: {
            entityRef: '${{ parameters.component }}',
            environment: '${{ parameters.environment }}',
            cloud: '${{ parameters.cloud }}',
            confirm: '${{ parameters.confirm }}',
          },
        },
      ],
    }),
  },
  {
    description:
      "Tear down the last environment of a stack: the run ends with the bootstrap's steps, and the stack leaves the catalog",
    example: yaml.stringify({
      steps: [
        {
          id: 'teardown',
          action: 'skyforge:stack:teardown',
          name: 'Start the destroy workflow and unregister the stack',
          input: {
            entityRef: 'component:default/payments-api',
            environment: 'prod',
            cloud: 'aws',
            confirm: 'payments-api/prod/aws',
            bootstrap: true,
            unregister: true,
          },
        },
      ],
    }),
  },
];
