import { enabledServices } from '../services/stackServices';
import { CLOUD_NAMES } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import { ownerName } from '../tags';
import { RENDERER_VERSION } from '../version';
import { stackClouds, stackEnvironments } from '../spec/deploymentTargets';
import { environmentsTable } from './environmentsTable';
import { repositoryLayout } from './repositoryLayout';

/** `docs/index.md`: the TechDocs landing page. */
export function renderDocsIndex(spec: StackSpec): string {
  const { name, owner, description } = spec.metadata;
  const clouds = stackClouds(spec).map(
    cloud => `${CLOUD_NAMES[cloud]} (${spec.spec.regions[cloud]})`,
  );
  const data = enabledServices(spec).map(service => service.summary);
  return [
    `# ${name}`,
    '',
    ...(description ? [description, ''] : []),
    `| | |`,
    '| --- | --- |',
    `| Owner | \`${ownerName(owner)}\` |`,
    `| System | \`${spec.metadata.system ?? name}\` |`,
    `| Clouds | ${clouds.join(', ')} |`,
    `| Environments | ${stackEnvironments(spec).join(', ')} |`,
    `| Image | \`${spec.spec.app.image}\` (port ${spec.spec.app.port}) |`,
    `| Data services | ${data.length > 0 ? data.join(', ') : 'none'} |`,
    ...(spec.spec.budget
      ? [
          `| Monthly budget | ${spec.spec.budget.monthly} ${spec.spec.budget.currency} |`,
        ]
      : []),
    '',
    `Rendered by Skyforge ${RENDERER_VERSION} from \`skyforge.yaml\`.`,
    '',
    '## Environments',
    '',
    environmentsTable(spec),
    '',
    '## Where to go next',
    '',
    '- [Architecture](architecture.md): what runs where, and why it is set up that way.',
    '- [Operations](operations.md): bootstrap, plan and apply, deploy, rotate, destroy.',
    '',
    '## Repository layout',
    '',
    repositoryLayout(spec),
    '',
  ].join('\n');
}
