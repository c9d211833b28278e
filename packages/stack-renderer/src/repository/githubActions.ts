/**
 * Every action the rendered workflows use, pinned to the full commit SHA of a release: a tag can be
 * moved to other code after review, a commit cannot (GitHub's security hardening guide for Actions,
 * "Using third-party actions"). The workflows write the release after the SHA as a comment, which
 * is what Dependabot's github-actions updater reads and bumps. SHAs read from each action's
 * repository at the tag named.
 */
export const GITHUB_ACTIONS = {
  checkout: {
    repository: 'actions/checkout',
    version: 'v7.0.1',
    sha: '3d3c42e5aac5ba805825da76410c181273ba90b1',
  },
  uploadArtifact: {
    repository: 'actions/upload-artifact',
    version: 'v7.0.0',
    sha: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f',
  },
  downloadArtifact: {
    repository: 'actions/download-artifact',
    version: 'v8.0.1',
    sha: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c',
  },
  setupTerraform: {
    repository: 'hashicorp/setup-terraform',
    version: 'v4.0.1',
    sha: 'dfe3c3f87815947d99a8997f908cb6525fc44e9e',
  },
  setupNode: {
    repository: 'actions/setup-node',
    version: 'v7.0.0',
    sha: '820762786026740c76f36085b0efc47a31fe5020',
  },
  setupKubectl: {
    repository: 'azure/setup-kubectl',
    version: 'v5.1.0',
    sha: '829323503d1be3d00ca8346e5391ca0b07a9ab0d',
  },
  awsCredentials: {
    repository: 'aws-actions/configure-aws-credentials',
    version: 'v6.2.3',
    sha: 'e6de054238d6b7531b4efff3b6587d9aade6a06c',
  },
  googleAuth: {
    repository: 'google-github-actions/auth',
    version: 'v3.0.0',
    sha: '7c6bc770dae815cd3e89ee6cdf493a5fab2cc093',
  },
  gkeCredentials: {
    repository: 'google-github-actions/get-gke-credentials',
    version: 'v3.0.0',
    sha: '3da1e46a907576cefaa90c484278bb5b259dd395',
  },
  azureLogin: {
    repository: 'azure/login',
    version: 'v3.0.1',
    sha: 'f5d393ae46f8fde4be8b75f32e3fc50e654ad0ca',
  },
} as const;

export type GithubAction = keyof typeof GITHUB_ACTIONS;

/** The `uses:` value of an action: `owner/repo@<sha>`. */
export function actionRef(action: GithubAction): string {
  const { repository, sha } = GITHUB_ACTIONS[action];
  return `${repository}@${sha}`;
}

/** Appends ` # <release>` to every pinned `uses:` line of a rendered workflow. */
export function annotateActionVersions(workflow: string): string {
  return Object.values(GITHUB_ACTIONS).reduce(
    (text, { repository, sha, version }) =>
      text.replaceAll(
        `uses: ${repository}@${sha}\n`,
        `uses: ${repository}@${sha} # ${version}\n`,
      ),
    workflow,
  );
}
