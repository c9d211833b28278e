import {
  attr,
  blank,
  block,
  comment,
  expr,
  writeHcl,
  type HclBlock,
  type HclBody,
  type HclValue,
} from '../../hcl/hcl';

/** One `assert` of a `run` block: an HCL condition and the message shown when it is false. */
export interface TestAssertion {
  condition: string;
  message: string;
}

/**
 * A `mock_provider` block: every resource and data source of `provider` is faked, and the data
 * sources in `data` return these attribute values (those the configuration validates or relies
 * on; the rest are generated).
 */
export function mockProvider(options: {
  provider: string;
  data: Record<string, Record<string, HclValue>>;
}): HclBlock {
  return block(
    'mock_provider',
    [options.provider],
    Object.entries(options.data).map(([type, defaults]) =>
      block('mock_data', [type], [attr('defaults', defaults)]),
    ),
  );
}

/**
 * A `run` block that plans the root module (no apply: mocked computed values stay unknown, so
 * assertions judge what the configuration decides, not what a mock invented).
 */
export function planRun(options: {
  name: string;
  why: string;
  variables?: Record<string, HclValue>;
  asserts?: readonly TestAssertion[];
  expectFailures?: readonly string[];
}): HclBlock {
  const { name, why, variables, asserts = [], expectFailures } = options;
  return block(
    'run',
    [name],
    [
      comment(why),
      attr('command', expr('plan')),
      variables && [
        blank(),
        block(
          'variables',
          [],
          Object.entries(variables).map(([key, value]) => attr(key, value)),
        ),
      ],
      expectFailures && [
        blank(),
        attr(
          'expect_failures',
          expectFailures.map(reference => expr(reference)),
        ),
      ],
      asserts.map(assertion => [
        blank(),
        block(
          'assert',
          [],
          [
            attr('condition', expr(assertion.condition)),
            attr('error_message', assertion.message),
          ],
        ),
      ]),
    ],
  );
}

/**
 * A `tests/*.tftest.hcl` file of a root module. Mocked providers need no cloud account and no
 * network beyond `terraform init`, which still downloads each provider for its schema; the
 * rendered validate workflow runs them with `terraform test`.
 */
export function terraformTestFile(options: {
  what: string;
  body: HclBody;
}): string {
  return writeHcl([
    comment(
      [
        options.what,
        'Providers are mocked: no cloud account or network access beyond `terraform init` (which',
        'downloads the provider schemas). Run with `terraform test` in this directory; CI runs it in',
        '.github/workflows/validate.yaml.',
      ].join('\n'),
    ),
    blank(),
    options.body,
  ]);
}

/**
 * File-level `variables` for a bootstrap root: the GitHub repository its OIDC trust names (the
 * bootstrap's terraform.tfvars leaves them out: they exist only once the repository does).
 */
export function githubVariables(): HclBlock {
  return block(
    'variables',
    [],
    [
      attr('github_owner', 'acme'),
      attr('github_owner_id', '1000001'),
      attr('github_repository', 'infrastructure'),
      attr('github_repository_id', '2000002'),
    ],
  );
}
