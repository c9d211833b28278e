import type { Environment } from './profiles';
import type { StackSpec } from './stackSpec';

/**
 * The GCP project of one environment: its entry in `spec.gcp.projects`, or the single
 * `spec.gcp.projectId` of a stack without prod. Throws for a spec whose clouds do not include gcp
 * (validation guarantees a project for every environment of a GCP stack).
 */
export function gcpProject(options: {
  spec: StackSpec;
  environment: Environment;
}): string {
  const { spec, environment } = options;
  const project =
    spec.spec.gcp?.projects?.[environment] ?? spec.spec.gcp?.projectId;
  if (project === undefined) {
    throw new Error(
      `spec.gcp has no project for ${environment} (clouds must include gcp)`,
    );
  }
  return project;
}

/** The distinct GCP projects of the stack, in environment order (one, or one per environment). */
export function gcpProjects(spec: StackSpec): string[] {
  return [
    ...new Set(
      spec.spec.environments.map(environment =>
        gcpProject({ spec, environment }),
      ),
    ),
  ];
}
