import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { renderStack } from '../renderStack';
import { curlDouble } from '../testing/curlDouble';
import { exampleSpecs } from '../testing/exampleSpecs';

const FAMILY = 'trading-api-prod';
const revisionArn = (revision: number) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${FAMILY}:${revision}`;

/**
 * A double of the ECS API as the AWS CLI speaks it (JSON on stdout), keeping the service's task
 * definition in a file and the family's ACTIVE revisions in `defs/<revision>.json` (deregistered
 * ones move to `gone/`); tags are only returned with `--include TAGS`, as ECS does. `breaker`
 * makes update-service keep the old revision, as ECS does when the deployment circuit breaker rolls
 * a deploy back.
 */
const AWS_DOUBLE = `#!/usr/bin/env bash
set -euo pipefail
state="$STATE"
echo "aws $*" >> "$state/calls.log"
[ "$1" = ecs ] || exit 3; shift
args=(); while [ $# -gt 0 ]; do case "$1" in --region|--output) shift 2 ;; *) args+=("$1"); shift ;; esac; done
set -- "\${args[@]}"
value() { local key="$1"; shift; while [ $# -gt 0 ]; do [ "$1" = "$key" ] && { echo "$2"; return; }; shift; done; }
arn() { echo "arn:aws:ecs:us-east-1:123456789012:task-definition/${FAMILY}:$1"; }
current="$(cat "$state/current")"
case "$1" in
  describe-services)
    jq -n --arg td "$current" '{services: [{taskDefinition: $td, deployments: [{status: "PRIMARY", taskDefinition: $td, rolloutState: "COMPLETED"}]}]}' ;;
  describe-task-definition)
    requested="$(value --task-definition "$@")"; revision="\${requested##*:}"
    [ -f "$state/defs/$revision.json" ] || { echo "Unable to describe task definition $requested" >&2; exit 6; }
    jq --arg arn "$(arn "$revision")" --argjson revision "$revision" --arg with "$(value --include "$@")" '
      .taskDefinition += {taskDefinitionArn: $arn, revision: $revision, status: "ACTIVE", compatibilities: ["FARGATE"], registeredAt: "2026-12-03T10:00:00Z"}
      | if $with == "TAGS" then . else del(.tags) end' "$state/defs/$revision.json" ;;
  register-task-definition)
    input="$(value --cli-input-json "$@")"
    echo "$input" > "$state/registered.json"
    next="$(( $(ls "$state/defs" "$state/gone" | grep -o '^[0-9]*' | sort -n | tail -n 1) + 1 ))"
    jq '{taskDefinition: del(.tags), tags: (.tags // [])}' <<< "$input" > "$state/defs/$next.json"
    jq -n --arg arn "$(arn "$next")" '{taskDefinition: {taskDefinitionArn: $arn}}' ;;
  update-service)
    [ -f "$state/breaker" ] || value --task-definition "$@" > "$state/current"
    echo '{}' ;;
  wait) ;;
  list-task-definitions)
    [ "$(value --family-prefix "$@")" = ${FAMILY} ] && [ "$(value --status "$@")" = ACTIVE ] && [ "$(value --sort "$@")" = DESC ] || exit 7
    ls "$state/defs" | grep -o '^[0-9]*' | sort -rn | while read -r revision; do arn "$revision"; done | jq -R . | jq -s '{taskDefinitionArns: .}' ;;
  deregister-task-definition)
    requested="$(value --task-definition "$@")"; mv "$state/defs/\${requested##*:}.json" "$state/gone/"; echo '{}' ;;
  *) exit 4 ;;
esac
`;

/** The DNS name AWS gives the Application Load Balancer (Terraform output load_balancer_dns_name). */
const ALB = 'trading-api-prod-1234567890.us-east-1.elb.amazonaws.com';

const TERRAFORM_DOUBLE = `#!/usr/bin/env bash
case "$*" in
  *"output -raw region") echo us-east-1 ;;
  *"output -raw cluster_name") echo ${FAMILY} ;;
  *"output -raw service_name") echo ${FAMILY} ;;
  *"output -raw task_definition_arn") cat "$STATE/terraform" ;;
  *"output -raw load_balancer_dns_name") echo ${ALB} ;;
  *) exit 5 ;;
esac
`;

/** The image of Terraform's own revisions (spec.app.image), which releases replace. */
const SPEC_IMAGE = 'ghcr.io/acme/trading-api:1.0.0';

/** A revision of the family: Terraform's (no release tag) or one make deploy registered. */
interface Revision {
  image: string;
  /** The value of LOG_LEVEL in the container environment: the settings Terraform manages. */
  logLevel?: string;
  release?: boolean;
}

function definition({ image, logLevel = 'info', release = true }: Revision) {
  return {
    taskDefinition: {
      family: FAMILY,
      cpu: '1024',
      memory: '2048',
      networkMode: 'awsvpc',
      containerDefinitions: [
        {
          name: 'app',
          image,
          readonlyRootFilesystem: true,
          environment: [{ name: 'LOG_LEVEL', value: logLevel }],
        },
      ],
    },
    tags: [
      { key: 'environment', value: 'prod' },
      ...(release ? [{ key: 'skyforge-release', value: image }] : []),
    ],
  };
}

interface Ecs {
  /** Revision number → revision; the highest is registered last. */
  revisions: Record<number, Revision>;
  /** The revision Terraform manages (output task_definition_arn). */
  terraform: number;
  /** The revision the service runs. */
  current: number;
}

/** Terraform's revision 6 (applied first) and one release, revision 7, which the service runs. */
const ONE_RELEASE: Ecs = {
  revisions: {
    6: { image: SPEC_IMAGE, release: false },
    7: { image: 'old:1' },
  },
  terraform: 6,
  current: 7,
};

/** Terraform's revision 5 and three releases; the service runs the newest. */
const THREE_RELEASES: Ecs = {
  revisions: {
    5: { image: SPEC_IMAGE, release: false },
    6: { image: 'a:1' },
    7: { image: 'b:1' },
    8: { image: 'c:1' },
  },
  terraform: 5,
  current: 8,
};

interface Repository {
  make: (...args: string[]) => {
    status: number | null;
    stderr: string;
    stdout: string;
  };
  state: string;
  read: (path: string) => string;
  /** The task definition of a revision as the double keeps it (deregistered ones included). */
  revision: (revision: number) => ReturnType<typeof definition>;
  /** What terraform apply does when the settings change: a new revision, the old one deregistered. */
  terraformApply: (revision: number, logLevel: string) => void;
}

/** The rendered Makefile and serverless script of trading-api, run by real make with doubles. */
function withRepository(
  test: (repository: Repository) => void,
  ecs = ONE_RELEASE,
) {
  const directory = mkdtempSync(join(tmpdir(), 'skyforge-serverless-'));
  try {
    const { files } = renderStack(exampleSpecs['trading-api']);
    for (const path of ['Makefile', 'scripts/serverless-aws.sh']) {
      mkdirSync(dirname(join(directory, path)), { recursive: true });
      writeFileSync(join(directory, path), files[path]!);
    }
    const state = join(directory, 'state');
    for (const path of ['defs', 'gone']) {
      mkdirSync(join(state, path), { recursive: true });
    }
    mkdirSync(join(directory, 'bin'));
    const write = (revision: number, value: Revision) =>
      writeFileSync(
        join(state, 'defs', `${revision}.json`),
        JSON.stringify(definition(value)),
      );
    for (const [revision, value] of Object.entries(ecs.revisions)) {
      write(Number(revision), value);
    }
    writeFileSync(join(state, 'terraform'), revisionArn(ecs.terraform));
    writeFileSync(join(state, 'current'), revisionArn(ecs.current));
    for (const [name, body] of [
      ['aws', AWS_DOUBLE],
      ['terraform', TERRAFORM_DOUBLE],
      ['curl', curlDouble(join(state, 'curl.log'), '--connect-to')],
    ]) {
      writeFileSync(join(directory, 'bin', name), body);
      chmodSync(join(directory, 'bin', name), 0o755);
    }
    const read = (path: string) => readFileSync(join(state, path), 'utf8');
    const revision = (number: number) =>
      JSON.parse(
        existsSync(join(state, 'defs', `${number}.json`))
          ? read(`defs/${number}.json`)
          : read(`gone/${number}.json`),
      );
    const terraformApply = (number: number, logLevel: string) => {
      const previous = read('terraform').trim().split(':').pop()!;
      renameSync(
        join(state, 'defs', `${previous}.json`),
        join(state, 'gone', `${previous}.json`),
      );
      write(number, { image: SPEC_IMAGE, logLevel, release: false });
      writeFileSync(join(state, 'terraform'), revisionArn(number));
    };
    const make = (...args: string[]) => {
      const result = spawnSync('make', ['--no-print-directory', ...args], {
        cwd: directory,
        env: {
          ...process.env,
          PATH: `${join(directory, 'bin')}:${process.env.PATH}`,
          STATE: state,
          SMOKE_RETRIES: '0',
          CURL_PLATFORM_EXIT: existsSync(join(state, 'unhealthy')) ? '22' : '0',
        },
        encoding: 'utf8',
      });
      return {
        status: result.status,
        stderr: result.stderr,
        stdout: result.stdout,
      };
    };
    test({ make, state, read, revision, terraformApply });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The ACTIVE revisions of the family, oldest first. */
function active(state: string): number[] {
  return readdirSync(join(state, 'defs'))
    .map(name => Number(name.replace(/\.json$/, '')))
    .sort((a, b) => a - b);
}

const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/trading-api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

describe('make deploy and make rollback on a serverless target (ECS API double)', () => {
  it("registers a release from Terraform's revision with only the image changed, deploys it and waits until it is stable", () => {
    withRepository(({ make, read }) => {
      const result = make('deploy', 'ENV=prod', 'CLOUD=aws', `IMAGE=${IMAGE}`);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const registered = JSON.parse(read('registered.json'));
      // Terraform's revision 6 with the deployed image and a release tag: exactly a release.
      const release = definition({ image: IMAGE });
      expect(registered).toEqual({
        ...release.taskDefinition,
        tags: release.tags,
      });
      expect(release.tags).toContainEqual({
        key: 'skyforge-release',
        value: IMAGE,
      });
      expect(read('current')).toBe(`${revisionArn(8)}\n`);
      const calls = read('calls.log');
      expect(calls).toContain(
        `describe-task-definition --task-definition ${revisionArn(
          6,
        )} --include TAGS`,
      );
      expect(calls).toContain(
        `ecs --region us-east-1 --output json update-service --cluster ${FAMILY} --service ${FAMILY} --task-definition ${revisionArn(
          8,
        )}`,
      );
      expect(calls).toContain(
        `ecs wait services-stable --region us-east-1 --cluster ${FAMILY} --services ${FAMILY}`,
      );
    });
  });

  it('brings a settings change Terraform applied to the service with the deployed image', () => {
    withRepository(({ make, read, revision, terraformApply }) => {
      terraformApply(8, 'debug');
      expect(
        make('deploy', 'ENV=prod', 'CLOUD=aws', `IMAGE=${IMAGE}`),
      ).toMatchObject({
        status: 0,
        stderr: '',
      });
      expect(read('current')).toBe(`${revisionArn(9)}\n`);
      expect(revision(9).taskDefinition.containerDefinitions).toEqual([
        {
          name: 'app',
          image: IMAGE,
          readonlyRootFilesystem: true,
          environment: [{ name: 'LOG_LEVEL', value: 'debug' }],
        },
      ]);
    });
  });

  it('fails the deploy when the circuit breaker kept the old revision', () => {
    withRepository(({ make, state }) => {
      writeFileSync(join(state, 'breaker'), '');
      const result = make(
        'deploy',
        'ENV=prod',
        'CLOUD=aws',
        'IMAGE=repo@sha256:abc',
      );
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(
        `did not settle on ${revisionArn(
          8,
        )} (the circuit breaker rolled it back, or it failed)`,
      );
    });
  });

  it('refuses to deploy without an image', () => {
    withRepository(({ make }) => {
      const result = make('deploy', 'ENV=prod', 'CLOUD=aws');
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('No image to deploy');
    });
  });

  it("rolls back one release at a time, deregistering the one it ran, and never to Terraform's revision", () => {
    withRepository(({ make, read, state }) => {
      expect(make('rollback', 'ENV=prod', 'CLOUD=aws').status).toBe(0);
      expect(read('current')).toBe(`${revisionArn(7)}\n`);
      expect(active(state)).toEqual([5, 6, 7]);
      expect(make('rollback', 'ENV=prod', 'CLOUD=aws').status).toBe(0);
      expect(read('current')).toBe(`${revisionArn(6)}\n`);
      const last = make('rollback', 'ENV=prod', 'CLOUD=aws');
      expect(last.status).toBe(0);
      expect(last.stdout).toContain(
        `Nothing to roll back to: no release older than ${revisionArn(6)}`,
      );
      expect(read('current')).toBe(`${revisionArn(6)}\n`);
      expect(active(state)).toEqual([5, 6]);
    }, THREE_RELEASES);
  });

  it("rolls back after two deploys to the first deployed release, not to Terraform's newer revision", () => {
    withRepository(
      ({ make, read, revision, terraformApply }) => {
        expect(
          make('deploy', 'ENV=prod', 'CLOUD=aws', 'IMAGE=repo@sha256:first')
            .status,
        ).toBe(0);
        expect(
          make('deploy', 'ENV=prod', 'CLOUD=aws', 'IMAGE=repo@sha256:second')
            .status,
        ).toBe(0);
        expect(read('current')).toBe(`${revisionArn(8)}\n`);
        terraformApply(9, 'debug');
        expect(make('rollback', 'ENV=prod', 'CLOUD=aws').status).toBe(0);
        expect(read('current')).toBe(`${revisionArn(7)}\n`);
        expect(revision(7).taskDefinition.containerDefinitions[0].image).toBe(
          'repo@sha256:first',
        );
      },
      {
        revisions: { 6: { image: SPEC_IMAGE, release: false } },
        terraform: 6,
        current: 6,
      },
    );
  });

  it("does not roll back the first release of an environment, whose only older revision is Terraform's", () => {
    withRepository(
      ({ make, read }) => {
        expect(
          make('deploy', 'ENV=prod', 'CLOUD=aws', `IMAGE=${IMAGE}`).status,
        ).toBe(0);
        // The smoke check of the first release failed: the workflow's rollback step runs.
        const result = make('rollback', 'ENV=prod', 'CLOUD=aws');
        expect(result.status).toBe(0);
        expect(result.stdout).toContain(
          `Nothing to roll back to: no release older than ${revisionArn(
            7,
          )} (the first deploy of this environment`,
        );
        expect(read('calls.log').match(/update-service/g)).toHaveLength(1);
        expect(read('current')).toBe(`${revisionArn(7)}\n`);
      },
      {
        revisions: { 6: { image: SPEC_IMAGE, release: false } },
        terraform: 6,
        current: 6,
      },
    );
  });

  it('leaves a service the circuit breaker already rolled back where it is', () => {
    withRepository(
      ({ make, read, state }) => {
        const result = make('rollback', 'ENV=prod', 'CLOUD=aws');
        expect(result.status).toBe(0);
        expect(result.stdout).toContain('already runs');
        expect(read('calls.log')).not.toContain('update-service');
        expect(active(state)).toEqual([5, 6, 7]);
      },
      { ...THREE_RELEASES, current: 7 },
    );
  });

  it('smoke-checks the new release through the load balancer by its DNS name while the host has no DNS record yet, and only warns about the host', () => {
    withRepository(({ make, read }) => {
      const result = make('smoke', 'ENV=prod', 'CLOUD=aws');
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const url = 'https://trading.example.com/health';
      expect(read('curl.log').trim().split('\n')).toEqual([
        `curl --fail --silent --show-error --max-time 10 --retry 0 --retry-delay 10 --retry-all-errors --output /dev/null --connect-to trading.example.com:443:${ALB}:443 ${url}`,
        `curl --fail --silent --show-error --max-time 10 --output /dev/null ${url}`,
      ]);
      expect(result.stdout).toContain(
        `${url} answers through ${ALB}: the release is healthy.`,
      );
      expect(result.stdout).toContain(
        `::warning::${url} does not answer yet: point trading.example.com at ${ALB}`,
      );
    });
  });

  it('fails the smoke check when the load balancer answers with an error, so the workflow rolls back', () => {
    withRepository(({ make, read, state }) => {
      writeFileSync(join(state, 'unhealthy'), '');
      const result = make('smoke', 'ENV=prod', 'CLOUD=aws');
      expect(result.status).not.toBe(0);
      expect(read('curl.log').trim().split('\n')).toHaveLength(1);
    });
  });
});
