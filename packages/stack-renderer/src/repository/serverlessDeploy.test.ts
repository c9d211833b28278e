import { spawnSync } from 'node:child_process';
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
import { dirname, join } from 'node:path';
import { renderStack } from '../renderStack';
import { exampleSpecs } from '../testing/exampleSpecs';

const FAMILY = 'trading-api-prod';
const revisionArn = (revision: number) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${FAMILY}:${revision}`;

/**
 * A double of the ECS API as the AWS CLI speaks it (JSON on stdout), keeping the service's task
 * definition and the family's revisions in files; `breaker` makes update-service keep the old
 * revision, as ECS does when the deployment circuit breaker rolls a deploy back.
 */
const AWS_DOUBLE = `#!/usr/bin/env bash
set -euo pipefail
state="$STATE"
echo "aws $*" >> "$state/calls.log"
[ "$1" = ecs ] || exit 3; shift
args=(); while [ $# -gt 0 ]; do case "$1" in --region|--output) shift 2 ;; *) args+=("$1"); shift ;; esac; done
set -- "\${args[@]}"
value() { local key="$1"; shift; while [ $# -gt 0 ]; do [ "$1" = "$key" ] && { echo "$2"; return; }; shift; done; }
current="$(cat "$state/current")"
case "$1" in
  describe-services)
    jq -n --arg td "$current" '{services: [{taskDefinition: $td, deployments: [{status: "PRIMARY", taskDefinition: $td, rolloutState: "COMPLETED"}]}]}' ;;
  describe-task-definition)
    arn="$(value --task-definition "$@")"
    jq -n --arg arn "$arn" --arg family ${FAMILY} '{taskDefinition: {taskDefinitionArn: $arn, family: $family, revision: 7, status: "ACTIVE", compatibilities: ["FARGATE"], registeredAt: "2026-12-03T10:00:00Z", cpu: "1024", memory: "2048", networkMode: "awsvpc", containerDefinitions: [{name: "app", image: "old:1", readonlyRootFilesystem: true}]}, tags: [{key: "environment", value: "prod"}]}' ;;
  register-task-definition)
    value --cli-input-json "$@" > "$state/registered.json"
    next="$(( $(tail -n 1 "$state/revisions" | sed 's/.*://') + 1 ))"
    echo "arn:aws:ecs:us-east-1:123456789012:task-definition/${FAMILY}:$next" >> "$state/revisions"
    jq -n --arg arn "arn:aws:ecs:us-east-1:123456789012:task-definition/${FAMILY}:$next" '{taskDefinition: {taskDefinitionArn: $arn}}' ;;
  update-service)
    [ -f "$state/breaker" ] || value --task-definition "$@" > "$state/current"
    echo '{}' ;;
  wait) ;;
  list-task-definitions)
    tac "$state/revisions" | jq -R . | jq -s '{taskDefinitionArns: .}' ;;
  deregister-task-definition)
    arn="$(value --task-definition "$@")"; grep -vx "$arn" "$state/revisions" > "$state/kept" || true; mv "$state/kept" "$state/revisions"; echo '{}' ;;
  *) exit 4 ;;
esac
`;

const TERRAFORM_DOUBLE = `#!/usr/bin/env bash
case "$*" in
  *"output -raw region") echo us-east-1 ;;
  *"output -raw cluster_name") echo ${FAMILY} ;;
  *"output -raw service_name") echo ${FAMILY} ;;
  *) exit 5 ;;
esac
`;

/** The rendered Makefile and serverless script of trading-api, run by real make with doubles. */
function withRepository(
  test: (options: {
    make: (...args: string[]) => {
      status: number | null;
      stderr: string;
      stdout: string;
    };
    state: string;
    read: (path: string) => string;
  }) => void,
  revisions = [revisionArn(6), revisionArn(7)],
) {
  const directory = mkdtempSync(join(tmpdir(), 'skyforge-serverless-'));
  try {
    const { files } = renderStack(exampleSpecs['trading-api']);
    for (const path of ['Makefile', 'scripts/serverless-aws.sh']) {
      mkdirSync(dirname(join(directory, path)), { recursive: true });
      writeFileSync(join(directory, path), files[path]!);
    }
    const state = join(directory, 'state');
    mkdirSync(state);
    mkdirSync(join(directory, 'bin'));
    writeFileSync(join(state, 'revisions'), `${revisions.join('\n')}\n`);
    writeFileSync(join(state, 'current'), revisions[revisions.length - 1]!);
    for (const [name, body] of [
      ['aws', AWS_DOUBLE],
      ['terraform', TERRAFORM_DOUBLE],
    ]) {
      writeFileSync(join(directory, 'bin', name), body);
      chmodSync(join(directory, 'bin', name), 0o755);
    }
    const read = (path: string) => readFileSync(join(state, path), 'utf8');
    const make = (...args: string[]) => {
      const result = spawnSync('make', ['--no-print-directory', ...args], {
        cwd: directory,
        env: {
          ...process.env,
          PATH: `${join(directory, 'bin')}:${process.env.PATH}`,
          STATE: state,
        },
        encoding: 'utf8',
      });
      return {
        status: result.status,
        stderr: result.stderr,
        stdout: result.stdout,
      };
    };
    test({ make, state, read });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

describe('make deploy and make rollback on a serverless target (ECS API double)', () => {
  it('registers a revision that only changes the image, deploys it and waits until it is stable', () => {
    withRepository(({ make, read }) => {
      const image =
        '123456789012.dkr.ecr.us-east-1.amazonaws.com/trading-api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
      const result = make('deploy', 'ENV=prod', 'CLOUD=aws', `IMAGE=${image}`);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const registered = JSON.parse(read('registered.json'));
      expect(registered).toEqual({
        family: FAMILY,
        cpu: '1024',
        memory: '2048',
        networkMode: 'awsvpc',
        containerDefinitions: [
          { name: 'app', image, readonlyRootFilesystem: true },
        ],
        tags: [{ key: 'environment', value: 'prod' }],
      });
      expect(read('current')).toBe(`${revisionArn(8)}\n`);
      const calls = read('calls.log');
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

  it('rolls back to the revision before the newest and deregisters the newest', () => {
    withRepository(
      ({ make, read }) => {
        expect(make('rollback', 'ENV=prod', 'CLOUD=aws').status).toBe(0);
        expect(read('current')).toBe(`${revisionArn(7)}\n`);
        expect(read('revisions')).toBe(
          `${revisionArn(6)}\n${revisionArn(7)}\n`,
        );
        expect(make('rollback', 'ENV=prod', 'CLOUD=aws').status).toBe(0);
        expect(read('current')).toBe(`${revisionArn(6)}\n`);
      },
      [revisionArn(6), revisionArn(7), revisionArn(8)],
    );
  });

  it('leaves a service the circuit breaker already rolled back where it is', () => {
    withRepository(
      ({ make, state, read }) => {
        writeFileSync(join(state, 'current'), revisionArn(7));
        const result = make('rollback', 'ENV=prod', 'CLOUD=aws');
        expect(result.status).toBe(0);
        expect(result.stdout).toContain('already runs');
        expect(read('calls.log')).not.toContain('update-service');
        expect(existsSync(join(state, 'revisions'))).toBe(true);
        expect(read('revisions')).toBe(
          `${revisionArn(6)}\n${revisionArn(7)}\n`,
        );
      },
      [revisionArn(6), revisionArn(7), revisionArn(8)],
    );
  });
});
