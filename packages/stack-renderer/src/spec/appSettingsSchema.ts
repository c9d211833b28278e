import { z } from 'zod';
import { SKYFORGE_APP_VARIABLES } from '../services/appVariableNames';

const ENV_NAME = /^[A-Z][A-Z0-9_]{0,127}$/;
// Names that say they hold a credential. Plain values land in Git (skyforge.yaml, config.env,
// .env.example, terraform.tfvars) and in a ConfigMap anyone with read access to the namespace sees.
const SECRET_NAME =
  /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|CONNECTION_?STRING)/;
// Values that are credentials whatever their name: a PEM key, an AWS access key ID, a URL with a password.
const SECRET_VALUES: ReadonlyArray<{ pattern: RegExp; what: string }> = [
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: 'a private key' },
  { pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, what: 'an AWS access key ID' },
  {
    pattern: /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i,
    what: 'a URL with a password',
  },
];

/** Where secrets go instead, named in every refusal. */
export const SECRET_RULE =
  'secrets must not be plain env values (they would be committed and readable in the ConfigMap): keep them in the cloud secret store and read them with the workload identity (see docs/local-stack.md, "Secrets", of the rendered repository)';

/** `spec.app.env` and `spec.overrides.<env>.app.env`: plain, non-secret settings of the application. */
export const appEnvSchema = z
  .record(z.string(), z.string())
  .superRefine((env, ctx) => {
    for (const [name, value] of Object.entries(env)) {
      const issue = (message: string) =>
        ctx.addIssue({ code: 'custom', path: [name], message });
      if (!ENV_NAME.test(name)) {
        issue(
          'must be an environment variable name: upper-case letters, digits and underscores, starting with a letter',
        );
      } else if ((SKYFORGE_APP_VARIABLES as readonly string[]).includes(name)) {
        issue(
          'is set by Skyforge (the port, environment, cloud and service endpoints): remove it from env',
        );
      } else if (SECRET_NAME.test(name)) {
        issue(`looks like a secret by its name: ${SECRET_RULE}`);
      }
      if (value.length > 4096) issue('must be at most 4096 characters');
      if (/[\n\r\0]/.test(value))
        issue('must be one line (no newlines or NUL characters)');
      const secret = SECRET_VALUES.find(({ pattern }) => pattern.test(value));
      if (secret) issue(`looks like ${secret.what}: ${SECRET_RULE}`);
    }
  });

const CPU = /^([1-9][0-9]{0,4}m|[0-9]{1,3}(\.[0-9]{1,3})?)$/;
const MEMORY = /^[1-9][0-9]{0,5}(Mi|Gi)$/;

const cpu = z
  .string('must be a string such as "250m" or "1"')
  .regex(CPU, 'must be a CPU quantity such as "250m" or "1.5"')
  .refine(value => cpuMillis(value) > 0, 'must be greater than 0');
const memory = z
  .string('must be a string such as "256Mi" or "1Gi"')
  .regex(
    MEMORY,
    'must be a memory quantity in Mi or Gi such as "256Mi" or "1Gi"',
  );

/** Millicores of a Kubernetes CPU quantity ("250m" → 250, "1.5" → 1500). */
export function cpuMillis(value: string): number {
  return value.endsWith('m')
    ? Number(value.slice(0, -1))
    : Math.round(Number(value) * 1000);
}

/** Mebibytes of a Kubernetes memory quantity ("1Gi" → 1024). */
export function memoryMebibytes(value: string): number {
  const amount = Number(value.slice(0, -2));
  return value.endsWith('Gi') ? amount * 1024 : amount;
}

/** `spec.app.resources` and `spec.overrides.<env>.app.resources`: the container's requests and limits. */
export const appResourcesSchema = z
  .object({
    requests: z.object({ cpu, memory }).strict(),
    limits: z.object({ cpu, memory }).strict(),
  })
  .strict()
  .superRefine((resources, ctx) => {
    const { requests, limits } = resources;
    if (!CPU.test(requests.cpu) || !CPU.test(limits.cpu)) return;
    if (cpuMillis(limits.cpu) < cpuMillis(requests.cpu)) {
      ctx.addIssue({
        code: 'custom',
        path: ['limits', 'cpu'],
        message: `must be at least requests.cpu (${requests.cpu})`,
      });
    }
    if (!MEMORY.test(requests.memory) || !MEMORY.test(limits.memory)) return;
    if (memoryMebibytes(limits.memory) < memoryMebibytes(requests.memory)) {
      ctx.addIssue({
        code: 'custom',
        path: ['limits', 'memory'],
        message: `must be at least requests.memory (${requests.memory})`,
      });
    }
  });

/** `spec.overrides.<env>.app`: the application settings one environment changes. */
export const appOverrideSchema = z
  .object({
    env: appEnvSchema.optional(),
    resources: appResourcesSchema.optional(),
  })
  .strict();
