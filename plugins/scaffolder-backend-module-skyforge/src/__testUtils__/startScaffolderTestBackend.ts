import { promises as fs } from 'node:fs';
import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import scaffolderModuleSkyforge from '../index';
import { TEMPLATES_DIRECTORY } from './templatesDirectory';

/**
 * Starts the real scaffolder backend with this module and the GitHub module, and the real
 * catalog (with the scaffolder entity model) reading the templates from `templates/all.yaml`.
 */
export async function startScaffolderTestBackend(options: {
  workingDirectory: string;
  github?: { host: string; apiBaseUrl: string; token: string };
}) {
  await fs.mkdir(options.workingDirectory, { recursive: true });
  const data = {
    backend: { workingDirectory: options.workingDirectory },
    integrations: {
      github: options.github
        ? [
            {
              host: options.github.host,
              apiBaseUrl: options.github.apiBaseUrl,
              token: options.github.token,
            },
          ]
        : [],
    },
    scaffolder: {
      defaultAuthor: { name: 'Skyforge', email: 'skyforge@example.com' },
      defaultCommitMessage: 'Initial commit from Skyforge',
    },
    catalog: {
      rules: [
        {
          allow: [
            'Component',
            'System',
            'API',
            'Resource',
            'Location',
            'Template',
            'Group',
            'User',
          ],
        },
      ],
      locations: [
        { type: 'file', target: path.join(TEMPLATES_DIRECTORY, 'all.yaml') },
      ],
    },
  };
  return startTestBackend({
    features: [
      mockServices.rootConfig.factory({ data }),
      catalogPlugin,
      catalogModuleScaffolderEntityModel,
      scaffolderPlugin,
      scaffolderModuleGithub,
      scaffolderModuleSkyforge,
    ],
  });
}
