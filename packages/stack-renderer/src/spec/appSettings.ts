import {
  BASE_RESOURCES,
  ENVIRONMENT_RESOURCES,
  type ContainerResources,
} from './containerResources';
import type { Environment } from './profiles';
import type { StackSpec } from './stackSpec';

/**
 * The application's own settings in one place, layered: `spec.app` holds what every environment
 * shares, `spec.overrides.<env>.app` what one environment changes. Every target renders from
 * here: the Kustomize ConfigMap and container size, the local Compose stack and the Terraform
 * variables of a serverless target.
 */
export interface AppSettings {
  port: number;
  /** Plain settings, common values first, then the environment's additions. */
  env: Record<string, string>;
  resources: ContainerResources;
}

/** The layer every environment shares (and the local stack runs with): `spec.app` alone. */
export function commonAppSettings(spec: StackSpec): AppSettings {
  const { app } = spec.spec;
  return {
    port: app.port,
    env: { ...app.env },
    resources: app.resources ?? BASE_RESOURCES,
  };
}

/** `spec.app` with `spec.overrides.<environment>.app` on top; the profile's size where neither sets one. */
export function appSettings(options: {
  spec: StackSpec;
  environment: Environment;
}): AppSettings {
  const { spec, environment } = options;
  const { app } = spec.spec;
  const override = spec.spec.overrides[environment]?.app;
  return {
    port: app.port,
    env: { ...app.env, ...override?.env },
    resources:
      override?.resources ??
      app.resources ??
      ENVIRONMENT_RESOURCES[environment],
  };
}

/** The settings one environment sets beyond (or instead of) the common layer. */
export function environmentEnv(options: {
  spec: StackSpec;
  environment: Environment;
}): Record<string, string> {
  return { ...options.spec.spec.overrides[options.environment]?.app?.env };
}

/**
 * The application settings as Terraform variables (`terraform.tfvars`) of one environment: what a
 * serverless target (ECS task definition, Cloud Run service, Container App) passes to its
 * container. Kubernetes roots do not take them: the ConfigMap carries them there.
 */
export function appTerraformVariables(options: {
  spec: StackSpec;
  environment: Environment;
}): {
  app_port: number;
  app_env: Record<string, string>;
  app_cpu: string;
  app_memory: string;
} {
  const settings = appSettings(options);
  return {
    app_port: settings.port,
    app_env: settings.env,
    app_cpu: settings.resources.limits.cpu,
    app_memory: settings.resources.limits.memory,
  };
}
