import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Upgrade the stack of a Component picked in the form and open a pull request',
    example: yaml.stringify({
      steps: [
        {
          id: 'upgrade',
          action: 'skyforge:stack:upgrade',
          name: 'Open the upgrade pull request',
          input: {
            entityRef: '${{ parameters.component }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Upgrade the stack in the platform/ folder of a repository, as a draft pull request from a branch of your choice',
    example: yaml.stringify({
      steps: [
        {
          id: 'upgrade',
          action: 'skyforge:stack:upgrade',
          name: 'Open the upgrade pull request',
          input: {
            repoUrl: 'github.com?owner=acme&repo=payments-infra',
            stackPath: 'platform',
            baseBranch: 'main',
            branchName: 'skyforge/upgrade-platform',
            draft: true,
          },
        },
      ],
    }),
  },
];
