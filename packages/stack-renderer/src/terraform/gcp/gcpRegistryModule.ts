import { attr, blank, block, comment, expr, resource } from '../../hcl/hcl';
import type { FileTree } from '../../types';
import { terraformOutput } from '../common/terraformOutput';
import { moduleFiles } from '../common/moduleFiles';
import { gcpModuleBaseVariables } from './gcpModuleBase';

/** The registry module: a private Artifact Registry Docker repository with immutable tags and cleanup. */
export function gcpRegistryModule(): FileTree {
  const variables = [gcpModuleBaseVariables()];

  const main = [
    comment(
      [
        'Private: access is granted through IAM only (no allUsers binding, CKV_GCP_101). Nodes pull with',
        'their service account (artifactregistry.reader); CI pushes with its own. Encrypted with a',
        'Google-managed key: a customer-managed key needs the Artifact Registry service agent, which',
        'only the google-beta provider can create.',
      ].join('\n'),
    ),
    resource('google_artifact_registry_repository', 'this', [
      attr('project', expr('var.project_id')),
      attr('location', expr('var.region')),
      attr('repository_id', expr('var.name')),
      attr('description', expr('"Container images of ${var.name}"')),
      attr('format', 'DOCKER'),
      attr('mode', 'STANDARD_REPOSITORY'),
      attr('labels', expr('var.labels')),
      blank(),
      comment(
        'A tag always names the same image, so a deployed version cannot change underneath.',
      ),
      block('docker_config', [], [attr('immutable_tags', true)]),
      blank(),
      comment(
        'Delete untagged images after 30 days, but always keep the 10 most recent versions.',
      ),
      attr('cleanup_policy_dry_run', false),
      block(
        'cleanup_policies',
        [],
        [
          attr('id', 'delete-untagged'),
          attr('action', 'DELETE'),
          block(
            'condition',
            [],
            [attr('tag_state', 'UNTAGGED'), attr('older_than', '2592000s')],
          ),
        ],
      ),
      block(
        'cleanup_policies',
        [],
        [
          attr('id', 'keep-recent'),
          attr('action', 'KEEP'),
          block('most_recent_versions', [], [attr('keep_count', 10)]),
        ],
      ),
    ]),
  ];

  const outputs = [
    terraformOutput({
      name: 'repository_id',
      description: 'ID of the repository.',
      value: 'google_artifact_registry_repository.this.repository_id',
    }),
    terraformOutput({
      name: 'registry_url',
      description:
        'Image prefix for docker push / pull: <region>-docker.pkg.dev/<project>/<repository>.',
      value:
        '"${google_artifact_registry_repository.this.location}-docker.pkg.dev/${google_artifact_registry_repository.this.project}/${google_artifact_registry_repository.this.repository_id}"',
    }),
  ];

  return moduleFiles({
    cloud: 'gcp',
    capability: 'registry',
    variables,
    main,
    outputs,
  });
}
