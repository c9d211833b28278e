import type { StackSpec } from '../spec/stackSpec';
import { actionRef } from './githubActions';
import { githubExpression, type WorkflowStep } from './workflowSteps';

/** The job of the apply workflow that builds the application image (when `spec.app.build` is set). */
export const BUILD_JOB = 'build-image';

/** Where the build job checks the application's repository out. */
const SOURCE_PATH = 'app-source';

/**
 * Builds the image once per commit of the application's repository and keeps it in the GitHub
 * Container Registry of this repository (`ghcr.io/<this repository>/<app>:<commit>`), the hand-off
 * to the apply jobs: each of them copies exactly that digest into its own environment's registry
 * with its own environment's identity (the build job holds no cloud identity). A commit built
 * before is not built again: its digest is reused, so a re-run deploys the same bytes and the
 * registries' immutable commit tags never meet a second digest.
 */
export const BUILD_IMAGE_SCRIPT = `image="ghcr.io/\${GITHUB_REPOSITORY,,}/$APP_NAME"
commit="$(git -C ${SOURCE_PATH} rev-parse HEAD)"
echo "$GITHUB_TOKEN" | docker login ghcr.io --username "$GITHUB_ACTOR" --password-stdin
inspect_digest() { docker buildx imagetools inspect "$1" --format '{{json .Manifest.Digest}}' | tr -d '"'; }
if digest="$(inspect_digest "$image:$commit" 2> /dev/null)" && [ -n "$digest" ]; then
  echo "$image:$commit exists (built before): reusing $digest"
else
  docker buildx create --use --driver docker-container > /dev/null
  docker buildx build --platform linux/amd64 \\
    --file "${SOURCE_PATH}/$DOCKERFILE" --tag "$image:$commit" \\
    --label "org.opencontainers.image.source=https://github.com/$BUILD_REPOSITORY" \\
    --label "org.opencontainers.image.revision=$commit" \\
    --metadata-file "$RUNNER_TEMP/build.json" --push "${SOURCE_PATH}/$CONTEXT"
  digest="$(jq -r '."containerimage.digest"' "$RUNNER_TEMP/build.json")"
fi
if ! [[ "$digest" =~ ^sha256:[a-f0-9]{64}$ ]]; then echo "The build reported no image digest (got \\"$digest\\")." >&2; exit 1; fi
{ echo "image=$image@$digest"; echo "digest=$digest"; echo "tag=$commit"; } >> "$GITHUB_OUTPUT"
echo "Built $BUILD_REPOSITORY@$commit as $image@$digest" >> "$GITHUB_STEP_SUMMARY"
`;

/** Logs the apply job's docker into GHCR (read-only token) so it can copy the built image. */
export const BUILD_REGISTRY_LOGIN_SCRIPT =
  'echo "$GITHUB_TOKEN" | docker login ghcr.io --username "$GITHUB_ACTOR" --password-stdin\n';

/** `needs.build-image.outputs.<name>` as a workflow expression (without `${{ }}`). */
export function buildOutput(name: 'image' | 'digest' | 'tag'): string {
  return `needs.${BUILD_JOB}.outputs.${name}`;
}

/**
 * The `build-image` job: checks out `spec.app.build.repository` at `ref` (with the
 * `APP_SOURCE_TOKEN` secret, a read-only token of that repository; without it the workflow's own
 * token, which reaches public repositories and this one only), builds the Dockerfile with docker
 * buildx and pushes it to GHCR. Its outputs `image` (pinned by digest), `digest` and `tag` (the
 * commit) are what the apply jobs deploy.
 */
export function buildImageJob(spec: StackSpec): Record<string, unknown> {
  const build = spec.spec.app.build;
  if (!build) {
    throw new Error(
      'spec.app.build is not set: the stack deploys spec.app.image',
    );
  }
  const steps: WorkflowStep[] = [
    {
      name: `Check out ${build.repository} at ${build.ref}`,
      uses: actionRef('checkout'),
      with: {
        repository: build.repository,
        ref: build.ref,
        path: SOURCE_PATH,
        token: githubExpression('secrets.APP_SOURCE_TOKEN || github.token'),
        'persist-credentials': false,
      },
    },
    {
      name: 'Build the image (once per commit) and keep it in GHCR',
      id: 'build',
      env: {
        GITHUB_TOKEN: githubExpression('github.token'),
        APP_NAME: spec.metadata.name,
        BUILD_REPOSITORY: build.repository,
        CONTEXT: build.context,
        DOCKERFILE: build.dockerfile,
      },
      run: BUILD_IMAGE_SCRIPT,
    },
  ];
  return {
    name: `build ${spec.metadata.name} from ${build.repository}`,
    'runs-on': 'ubuntu-latest',
    // packages: write for GHCR only; no id-token: the build never reaches a cloud.
    permissions: { contents: 'read', packages: 'write' },
    outputs: {
      image: githubExpression('steps.build.outputs.image'),
      digest: githubExpression('steps.build.outputs.digest'),
      tag: githubExpression('steps.build.outputs.tag'),
    },
    steps,
  };
}
