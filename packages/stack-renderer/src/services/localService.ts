import type { SkyforgeAppVariable } from './appVariableNames';

/** One variable of `.env.example`: a local credential or a host port, never committed with a value for a secret. */
export interface LocalEnvVariable {
  name: string;
  /** Empty for secrets: `make compose-env` fills them with random values. */
  example: string;
  comment: string;
  secret?: boolean;
}

/** A service of the local stack: Compose services, what the application reads, the `.env` it needs. */
export interface LocalService {
  /** What stands in for the managed service locally, for the docs. */
  description: string;
  /** Compose services by name; those the application waits for are healthy or completed first. */
  services: Record<string, Record<string, unknown>>;
  /** Services the application depends on, and how. */
  dependsOn: Record<
    string,
    'service_healthy' | 'service_completed_successfully'
  >;
  /** The variables the application receives in Kubernetes too (same names, local values). */
  appVariables: Partial<Record<SkyforgeAppVariable, string>>;
  /** Variables only the local stack gives the application (credentials workload identity replaces in the cloud). */
  localVariables: Record<string, string>;
  env: LocalEnvVariable[];
  volumes: string[];
}

/** `${NAME:?message}`: Compose refuses to start, naming the variable, when .env lacks it. */
export function requiredEnv(name: string): string {
  return `\${${name}:?set ${name} in deploy/compose/.env (make compose-env writes it)}`;
}

export function localHealthcheck(test: string[], startPeriod = '10s') {
  return {
    test,
    interval: '5s',
    timeout: '5s',
    retries: 20,
    start_period: startPeriod,
  };
}

/** Publishes a port on the loopback address only: the stack is not reachable from the network. */
export function loopbackPort(variable: string, port: number): string {
  return `127.0.0.1:\${${variable}:-${port}}:${port}`;
}
