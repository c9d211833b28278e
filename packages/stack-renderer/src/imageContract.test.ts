import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildOverlay } from '@skyforge/stack-checks';
import { kustomizeNames } from './kustomize/kustomizeNames';
import { overlayDirectory } from './kustomize/renderOverlay';
import { renderStack } from './renderStack';
import { BUILD_IMAGE_SCRIPT } from './repository/buildImageJob';
import { deploymentTargets, kubernetesTargets } from './spec/deploymentTargets';
import { parseStackSpec } from './spec/stackSpec';
import { exampleSpecs } from './testing/exampleSpecs';
import { writeFileTree } from './testing/writeFileTree';

/**
 * The image contract, read from whole renders: every image an overlay deploys comes from the
 * registry the stack's Terraform creates for that environment (its `image_repository` output),
 * pinned by digest, and with `spec.app.build` that digest is the one the build job produced.
 * `terraform`, `docker`, `aws`, `gcloud` and `az` are stand-ins on PATH (no cloud, no registry):
 * the registry is a directory of tag → digest files that `docker buildx imagetools` reads and
 * writes; make and kubectl kustomize are the real tools.
 */

const BUILT = `sha256:${'b'.repeat(64)}`;
const OTHER = `sha256:${'c'.repeat(64)}`;
const COMMIT = '0123456789abcdef0123456789abcdef01234567';

function executable(path: string, text: string) {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

/**
 * Stand-ins for one target. terraform answers `output -raw <name>` with `<name>-value`, except
 * image_repository (`registry.test/<env>-<cloud>/app`). The registry directory maps a reference
 * (`repo:tag`) to a digest; a reference `repo@digest` is its own digest.
 */
function standIns(directory: string, repository: string) {
  const registry = join(directory, 'registry');
  mkdirSync(registry, { recursive: true });
  executable(
    join(directory, 'terraform'),
    `#!/bin/bash
for last; do :; done
case "$*" in
  *"output -raw image_repository"*) echo "${repository}" ;;
  *"output -raw"*) echo "$last-value" ;;
  *) exit 2 ;;
esac
`,
  );
  executable(
    join(directory, 'docker'),
    `#!/bin/bash
key() { printf '%s' "$1" | tr '/:@' '___'; }
case "$1 $2 $3" in
  "login "*) cat > /dev/null ;;
  "buildx imagetools inspect")
    ref="$4"
    if [[ "$ref" == *@sha256:* ]]; then echo "\\"\${ref#*@}\\""; exit 0; fi
    [ -f "${registry}/$(key "$ref")" ] || { echo "not found: $ref" >&2; exit 1; }
    echo "\\"$(cat "${registry}/$(key "$ref")")\\"" ;;
  "buildx imagetools create")
    # create --prefer-index=false --tag <destination> <source@digest>: a carbon copy
    [ "$4" = --prefer-index=false ] || { echo "not a carbon copy: $*" >&2; exit 2; }
    echo "\${7#*@}" > "${registry}/$(key "$6")" ;;
  *) echo "unexpected docker $*" >&2; exit 2 ;;
esac
`,
  );
  executable(
    join(directory, 'aws'),
    '#!/bin/sh\n[ "$1 $2" = "ecr get-login-password" ] && echo token\n',
  );
  executable(
    join(directory, 'gcloud'),
    '#!/bin/sh\n[ "$1 $2" = "auth print-access-token" ] && echo token\n',
  );
  // az acr import --name N --source S --image I: ACR copies the source manifest as is.
  executable(
    join(directory, 'az'),
    `#!/bin/bash
[ "$1 $2" = "acr import" ] || exit 2
while [ $# -gt 0 ]; do case "$1" in --source) source="$2"; shift ;; --image) image="$2"; shift ;; esac; shift; done
echo "\${source#*@}" > "${registry}/$(printf '%s' "${
      repository.split('/')[0]
    }/$image" | tr '/:@' '___')"
`,
  );
  return registry;
}

interface Container {
  name: string;
  image: string;
}

/** Every container image of every workload in the built overlay. */
function overlayImages(objects: Array<Record<string, any>>): string[] {
  return objects.flatMap(object => {
    const pod =
      object.kind === 'CronJob'
        ? object.spec?.jobTemplate?.spec?.template?.spec
        : object.spec?.template?.spec;
    if (!pod) return [];
    return [
      ...((pod.initContainers ?? []) as Container[]),
      ...((pod.containers ?? []) as Container[]),
    ].map(container => container.image);
  });
}

// The overlays' side of the contract: serverless environments have no overlay (their image goes
// through make deploy, tested in repository/serverlessDeploy.test.ts).
const withRegistry = Object.keys(exampleSpecs).filter(key => {
  const spec = parseStackSpec(exampleSpecs[key]);
  return spec.spec.services.registry && spec.spec.compute !== 'serverless';
});

describe.each(withRegistry)('the image contract of %s', key => {
  const spec = parseStackSpec(exampleSpecs[key]);
  let root: string;
  let bin: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), `skyforge-image-${key}-`));
    bin = mkdtempSync(join(tmpdir(), `skyforge-image-bin-${key}-`));
    writeFileTree({ files: renderStack(spec).files, directory: root });
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(bin, { recursive: true, force: true });
  });

  it("deploys, in every overlay, only the image of the environment's own registry, pinned to the built digest (make image-push with stand-ins, kubectl kustomize)", () => {
    const app = kustomizeNames(spec).app;
    for (const target of kubernetesTargets(spec)) {
      const name = `${target.environment}-${target.cloud}`;
      const repository = `registry.test/${name}/${app}`;
      const directory = join(bin, name);
      mkdirSync(directory, { recursive: true });
      standIns(directory, repository);
      // The root that creates the registry declares the output the copy reads.
      expect(
        readFileSync(
          join(
            root,
            'infra/envs',
            target.environment,
            target.cloud,
            'outputs.tf',
          ),
          'utf8',
        ),
      ).toMatch(/^output "image_repository"/m);

      execFileSync(
        'make',
        [
          '--no-print-directory',
          'image-push',
          `ENV=${target.environment}`,
          `CLOUD=${target.cloud}`,
          `SOURCE_IMAGE=ghcr.io/acme/infra/${app}@${BUILT}`,
          `IMAGE_TAG=${COMMIT}`,
          `BUILD_DIGEST=${BUILT}`,
        ],
        {
          cwd: root,
          env: { ...process.env, PATH: `${directory}:${process.env.PATH}` },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const images = overlayImages(
        buildOverlay({ root, overlay: overlayDirectory(target) }) as Array<
          Record<string, any>
        >,
      );
      expect(images.length).toBeGreaterThan(0);
      expect({ overlay: name, images: [...new Set(images)] }).toEqual({
        overlay: name,
        images: [`${repository}@${BUILT}`],
      });
    }
  }, 120_000);

  it('refuses to deploy when the commit tag in the registry holds other bytes than the build', () => {
    const target = deploymentTargets(spec)[0]!;
    if (target.cloud === 'azure') return; // ACR imports by digest from the build: see below
    const repository = `registry.test/other/${kustomizeNames(spec).app}`;
    const directory = join(bin, 'mismatch');
    mkdirSync(directory, { recursive: true });
    const registry = standIns(directory, repository);
    writeFileSync(
      join(registry, `${repository}:${COMMIT}`.replace(/[/:@]/g, '_')),
      `${OTHER}\n`,
    );
    const result = spawnSync(
      'make',
      [
        '--no-print-directory',
        'image-push',
        `ENV=${target.environment}`,
        `CLOUD=${target.cloud}`,
        `SOURCE_IMAGE=ghcr.io/acme/infra/app@${BUILT}`,
        `IMAGE_TAG=${COMMIT}`,
        `BUILD_DIGEST=${BUILT}`,
      ],
      {
        cwd: root,
        env: { ...process.env, PATH: `${directory}:${process.env.PATH}` },
        encoding: 'utf8',
      },
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`is ${OTHER}, not the built ${BUILT}`);
  }, 60_000);
});

describe('scripts/push-image.sh and make push-image (stand-in docker, terraform and cloud CLIs)', () => {
  const spec = parseStackSpec(exampleSpecs['all-clouds-gpu']);
  let root: string;
  let bin: string;
  const repository = 'registry.test/dev-gcp/checkout';

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'skyforge-push-'));
    bin = mkdtempSync(join(tmpdir(), 'skyforge-push-bin-'));
    writeFileTree({ files: renderStack(spec).files, directory: root });
    standIns(bin, repository);
    // The local docker: images exist, a push records the digest the registry answers with.
    executable(
      join(bin, 'docker'),
      `#!/bin/bash
case "$1 $2" in
  "image inspect")
    if [ "$3" = checkout:dev ]; then exit 0; fi
    if [ "$3" = "${repository}:v1" ]; then echo "${repository}@${BUILT}"; exit 0; fi
    exit 1 ;;
  "login "*) cat > /dev/null; echo "Login Succeeded" ;;
  "tag "*) ;;
  "push "*) echo "v1: digest: ${BUILT} size: 1234" ;;
  *) echo "unexpected docker $*" >&2; exit 2 ;;
esac
`,
    );
    executable(
      join(bin, 'gcloud'),
      '#!/bin/sh\n[ "$1 $2" = "auth configure-docker" ] && echo "Docker configuration file updated."\n',
    );
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(bin, { recursive: true, force: true });
  });

  const run = (command: string, args: string[], image?: string) =>
    spawnSync(command, args, {
      cwd: root,
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        TAG: 'v1',
        ...(image ? { IMAGE: image } : {}),
      },
      encoding: 'utf8',
    });

  it('pushes a local image with the cloud login and prints only the pinned reference on stdout', () => {
    const pushed = run(
      'bash',
      ['scripts/push-image.sh', 'gcp', 'dev'],
      'checkout:dev',
    );
    expect(pushed.stderr).toContain(`Pushed checkout:dev as ${repository}:v1`);
    expect({ status: pushed.status, stdout: pushed.stdout }).toEqual({
      status: 0,
      stdout: `${repository}@${BUILT}\n`,
    });
  });

  it('names the rule when the cloud, the environment or the image is wrong', () => {
    const cloud = run('bash', ['scripts/push-image.sh', 'ibm'], 'checkout:dev');
    expect(cloud.status).toBe(2);
    expect(cloud.stderr).toContain('<aws|gcp|azure> [dev|staging|prod]');
    const missing = run('bash', ['scripts/push-image.sh', 'gcp', 'dev']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('Set IMAGE');
    const absent = run(
      'bash',
      ['scripts/push-image.sh', 'gcp', 'dev'],
      'nope:1',
    );
    expect(absent.status).toBe(1);
    expect(absent.stderr).toContain('No local image nope:1');
  });

  it('make push-image pins the overlay to the pushed digest', () => {
    const made = run('make', [
      '--no-print-directory',
      'push-image',
      'ENV=dev',
      'CLOUD=gcp',
      'IMAGE=checkout:dev',
    ]);
    expect(made.status).toBe(0);
    const images = overlayImages(
      buildOverlay({
        root,
        overlay: overlayDirectory(
          deploymentTargets(spec).find(
            target => target.environment === 'dev' && target.cloud === 'gcp',
          )!,
        ),
      }) as Array<Record<string, any>>,
    );
    expect([...new Set(images)]).toEqual([`${repository}@${BUILT}`]);
  }, 60_000);

  it('make push-image on a serverless target pins the digest for make deploy (no overlay to write)', () => {
    const serverless = mkdtempSync(join(tmpdir(), 'skyforge-push-serverless-'));
    try {
      writeFileTree({
        files: renderStack(parseStackSpec(exampleSpecs['dev-lab'])).files,
        directory: serverless,
      });
      const made = spawnSync(
        'make',
        [
          '--no-print-directory',
          'push-image',
          'ENV=dev',
          'CLOUD=gcp',
          'IMAGE=checkout:dev',
        ],
        {
          cwd: serverless,
          env: {
            ...process.env,
            PATH: `${bin}:${process.env.PATH}`,
            TAG: 'v1',
          },
          encoding: 'utf8',
        },
      );
      expect({ status: made.status, stderr: made.stderr }).toEqual({
        status: 0,
        stderr: expect.stringContaining(
          `Pushed checkout:dev as ${repository}:v1`,
        ),
      });
      expect(made.stdout).toContain(
        `dev/gcp: make deploy deploys ${repository}@${BUILT}`,
      );
      expect(
        readFileSync(join(serverless, '.build', 'dev-gcp', 'image'), 'utf8'),
      ).toBe(`${repository}@${BUILT}\n`);
    } finally {
      rmSync(serverless, { recursive: true, force: true });
    }
  }, 60_000);
});

interface Job {
  needs?: string | string[];
  outputs?: Record<string, string>;
  env?: Record<string, string>;
  permissions?: Record<string, string>;
  steps: Array<{
    id?: string;
    name?: string;
    run?: string;
    env?: Record<string, string>;
    with?: Record<string, string>;
  }>;
}

describe('the build job hands its digest to every deploy', () => {
  const key = Object.keys(exampleSpecs).find(
    name => parseStackSpec(exampleSpecs[name]).spec.app.build,
  )!;
  const spec = parseStackSpec(exampleSpecs[key]);
  const workflow = parse(
    renderStack(spec).files['.github/workflows/apply.yaml']!,
  ) as { jobs: Record<string, Job> };

  it('reads the digest the build step wrote, and every apply job deploys exactly that digest', () => {
    const build = workflow.jobs['build-image']!;
    expect(build.outputs).toEqual({
      image: '${{ steps.build.outputs.image }}',
      digest: '${{ steps.build.outputs.digest }}',
      tag: '${{ steps.build.outputs.tag }}',
    });
    expect(build.steps[0]!.with).toMatchObject({
      repository: spec.spec.app.build!.repository,
      ref: spec.spec.app.build!.ref,
    });
    // The build holds no cloud identity.
    expect(build.permissions).toEqual({ contents: 'read', packages: 'write' });

    const applies = Object.entries(workflow.jobs).filter(([name]) =>
      name.startsWith('apply-'),
    );
    expect(applies.length).toBe(spec.spec.environments.length);
    for (const [name, job] of applies) {
      expect({ name, needs: job.needs }).toEqual({
        name,
        needs: [name.replace('apply-', 'plan-'), 'build-image'],
      });
      expect(job.env).toMatchObject({
        SOURCE_IMAGE: '${{ inputs.image || needs.build-image.outputs.image }}',
        BUILD_DIGEST:
          "${{ !inputs.image && needs.build-image.outputs.digest || '' }}",
        IMAGE_TAG:
          "${{ !inputs.image && needs.build-image.outputs.tag || '' }}",
      });
      const runs = job.steps.map(step => step.run ?? '');
      const copy = runs.findIndex(run => run.startsWith('make image-push'));
      const deploy = runs.findIndex(run => run.startsWith('make deploy'));
      expect(runs[copy]).toContain('BUILD_DIGEST="$BUILD_DIGEST"');
      expect(copy).toBeGreaterThan(-1);
      expect(deploy).toBeGreaterThan(copy);
    }
  });

  it('builds once per commit: the step writes the digest buildx reported, and a second run reuses the pushed image (stand-in git and docker)', () => {
    const directory = mkdtempSync(join(tmpdir(), 'skyforge-build-'));
    try {
      const bin = join(directory, 'bin');
      const pushed = join(directory, 'pushed');
      mkdirSync(bin);
      executable(join(bin, 'git'), `#!/bin/sh\necho ${COMMIT}\n`);
      executable(
        join(bin, 'docker'),
        `#!/bin/bash
case "$1 $2 $3" in
  "login "*) cat > /dev/null ;;
  "buildx imagetools inspect") [ -f "${pushed}" ] && echo "\\"$(cat "${pushed}")\\"" || exit 1 ;;
  "buildx create "*) ;;
  "buildx build "*)
    while [ $# -gt 0 ]; do [ "$1" = --metadata-file ] && metadata="$2"; shift; done
    echo '{"containerimage.digest": "${BUILT}"}' > "$metadata"; echo "${BUILT}" > "${pushed}" ;;
  *) echo "unexpected docker $*" >&2; exit 2 ;;
esac
`,
      );
      const run = () => {
        const output = join(directory, 'output');
        writeFileSync(output, '');
        execFileSync('bash', ['-e', '-c', BUILD_IMAGE_SCRIPT], {
          cwd: directory,
          env: {
            ...process.env,
            PATH: `${bin}:${process.env.PATH}`,
            GITHUB_REPOSITORY: 'Acme/Infra',
            GITHUB_ACTOR: 'ci',
            GITHUB_TOKEN: 'token',
            GITHUB_OUTPUT: output,
            GITHUB_STEP_SUMMARY: join(directory, 'summary'),
            RUNNER_TEMP: directory,
            APP_NAME: 'checkout',
            BUILD_REPOSITORY: 'acme/checkout',
            CONTEXT: '.',
            DOCKERFILE: 'Dockerfile',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        return readFileSync(output, 'utf8');
      };
      const first = run();
      expect(first).toBe(
        [
          `image=ghcr.io/acme/infra/checkout@${BUILT}`,
          `digest=${BUILT}`,
          `tag=${COMMIT}`,
          '',
        ].join('\n'),
      );
      // The metadata file is what the first run read; the second reads the registry instead.
      rmSync(join(directory, 'build.json'));
      expect(run()).toBe(first);
      expect(existsSync(join(directory, 'build.json'))).toBe(false);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
