import { serviceCapabilityTags } from '../../tags';
import {
  attr,
  blank,
  block,
  comment,
  data,
  expr,
  resource,
} from '../../hcl/hcl';
import type { FileTree } from '../../types';
import { awsContextData } from './awsContextData';
import { moduleFiles } from '../common/moduleFiles';
import { kmsKey } from './kmsKey';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';

const variables = [
  terraformVariable({
    name: 'name',
    type: 'string',
    description: 'Name of the repository, e.g. payments-api-prod.',
  }),
  terraformVariable({
    name: 'untagged_image_days',
    type: 'number',
    description:
      'Days after which untagged images (leftover layers of retagged builds) are deleted.',
    default: 14,
  }),
  terraformVariable({
    name: 'force_delete',
    type: 'bool',
    default: false,
    description:
      "Let terraform destroy delete the repository while it holds images (the root's teardown variable).",
  }),
];

const main = [
  awsContextData(),
  kmsKey({
    id: 'registry',
    description: 'Images of the ${var.name} repository',
    alias: '${var.name}-registry',
  }),
  resource('aws_ecr_repository', 'this', [
    attr('name', expr('var.name')),
    attr('tags', serviceCapabilityTags('registry')),
    comment(
      'A tag, once pushed, always means the same image: deployments stay reproducible.',
    ),
    attr('image_tag_mutability', 'IMMUTABLE'),
    comment(
      'Deleting a repository that still holds images takes the teardown (var.force_delete).',
    ),
    attr('force_delete', expr('var.force_delete')),
    blank(),
    block('image_scanning_configuration', [], [attr('scan_on_push', true)]),
    blank(),
    block(
      'encryption_configuration',
      [],
      [
        attr('encryption_type', 'KMS'),
        attr('kms_key', expr('aws_kms_key.registry.arn')),
      ],
    ),
  ]),
  comment(
    [
      'Only untagged images expire. A tagged image may be the one an environment runs, and a',
      'count or age rule cannot tell: prune old release tags deliberately, never by count.',
    ].join('\n'),
  ),
  data('aws_ecr_lifecycle_policy_document', 'this', [
    block(
      'rule',
      [],
      [
        attr('priority', 1),
        attr('description', 'Delete untagged images'),
        blank(),
        block(
          'selection',
          [],
          [
            attr('tag_status', 'untagged'),
            attr('count_type', 'sinceImagePushed'),
            attr('count_unit', 'days'),
            attr('count_number', expr('var.untagged_image_days')),
          ],
        ),
        blank(),
        block('action', [], [attr('type', 'expire')]),
      ],
    ),
  ]),
  resource('aws_ecr_lifecycle_policy', 'this', [
    attr('repository', expr('aws_ecr_repository.this.name')),
    attr('policy', expr('data.aws_ecr_lifecycle_policy_document.this.json')),
  ]),
];

const outputs = [
  terraformOutput({
    name: 'repository_url',
    description: 'URL to push and pull images, without a tag.',
    value: 'aws_ecr_repository.this.repository_url',
  }),
  terraformOutput({
    name: 'repository_arn',
    description: 'ARN of the repository.',
    value: 'aws_ecr_repository.this.arn',
  }),
];

/** The AWS registry module: an ECR repository with immutable tags, scanning and KMS encryption. */
export function awsRegistryModule(): FileTree {
  return moduleFiles({
    cloud: 'aws',
    capability: 'registry',
    variables,
    main,
    outputs,
  });
}
