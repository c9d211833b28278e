import type { StackSpec } from '../spec/stackSpec';
import {
  COMPOSE_ENV_EXAMPLE,
  COMPOSE_ENV_FILE,
  COMPOSE_FILE,
  COMPOSE_GPU_FILE,
} from '../compose/renderCompose';

/** The targets of the local Compose stack, in the order `make help` lists them. */
export const COMPOSE_TARGETS = [
  'compose-env',
  'compose-up',
  'compose-down',
  'compose-logs',
] as const;

/**
 * The Makefile lines of the local stack (deploy/compose). They take no ENV or CLOUD: the stack
 * runs on this machine. `compose-env` never overwrites an existing .env, so credentials and the
 * data volumes that were initialised with them stay in step.
 */
export function composeTargets(spec: StackSpec): string[] {
  const gpu = spec.spec.app.gpu;
  const project = `--project-name ${spec.metadata.name}`;
  return [
    '# The local stack: docker compose with the file of deploy/compose and its .env.',
    ...(gpu
      ? [
          '# GPU=1 adds the override that gives the application a GPU (NVIDIA Container Toolkit).',
          'GPU ?=',
          `COMPOSE = docker compose ${project} --file ${COMPOSE_FILE} $(if $(GPU),--file ${COMPOSE_GPU_FILE}) --env-file ${COMPOSE_ENV_FILE}`,
        ]
      : [
          `COMPOSE = docker compose ${project} --file ${COMPOSE_FILE} --env-file ${COMPOSE_ENV_FILE}`,
        ]),
    '',
    `compose-env: ## Write ${COMPOSE_ENV_FILE} from .env.example with random secrets (keeps an existing one)`,
    `\t@if [ -f ${COMPOSE_ENV_FILE} ]; then echo "${COMPOSE_ENV_FILE} exists: kept."; exit 0; fi; \\`,
    '\tumask 077; \\',
    '\twhile IFS= read -r line; do \\',
    '\t  case "$$line" in \\',
    `\t    [A-Z]*=) printf '%s%s\\n' "$$line" "$$(head -c 32 /dev/urandom | base64)" ;; \\`,
    `\t    *) printf '%s\\n' "$$line" ;; \\`,
    '\t  esac; \\',
    `\tdone < ${COMPOSE_ENV_EXAMPLE} > ${COMPOSE_ENV_FILE}; \\`,
    `\techo "Wrote ${COMPOSE_ENV_FILE} with new random secrets."`,
    '',
    'compose-up: compose-env ## Start the local stack in the background; the app starts once its services are healthy',
    '\t$(COMPOSE) up --detach',
    '\t$(COMPOSE) ps',
    '',
    'compose-down: ## Stop the local stack; VOLUMES=1 also deletes its data',
    '\t$(COMPOSE) down $(if $(VOLUMES),--volumes)',
    '',
    'compose-logs: ## Follow the logs of the local stack (SERVICE=app for one service)',
    '\t$(COMPOSE) logs --follow --tail=100 $(SERVICE)',
    '',
  ];
}
