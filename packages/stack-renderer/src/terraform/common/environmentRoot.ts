import {
  attr,
  blank,
  block,
  comment,
  writeHcl,
  type HclBlock,
  type HclBody,
} from '../../hcl/hcl';
import type { Environment } from '../../spec/profiles';
import type { Cloud } from '../../spec/regions';
import type { FileTree } from '../../types';
import type { Capability } from './capability';
import type { RootVariable } from './rootVariable';
import { terraformVariable } from './terraformVariable';

/**
 * A group of terraform.tfvars, written in the order of the sections and separated by a blank
 * line; its heading (a comment) when it has one. Variables name their section.
 */
export interface TfvarsSection {
  id: string;
  heading?: string;
}

/** Which compute targets the environments of a stack run on one cloud. */
export interface StackComputes {
  kubernetes: boolean;
  serverless: boolean;
}

/** What one service adds to an environment's root module. */
export interface ServiceRoot {
  variables: RootVariable[];
  /** Arguments of its module block, after those the cloud passes to every module. */
  arguments: HclBody;
  outputs: HclBody;
  /**
   * The module the root calls, where it is not the service's own capability (monitoring calls
   * `serverless-monitoring` in serverless environments).
   */
  capability?: Capability;
}

/** Folder of one environment's root module on one cloud. */
export function environmentPath(options: {
  environment: Environment;
  cloud: Cloud;
}): string {
  return `infra/envs/${options.environment}/${options.cloud}`;
}

/** A `module` block calling the local module of a capability from an environment root. */
export function moduleCall(options: {
  cloud: Cloud;
  capability: Capability;
  arguments: HclBody;
}): HclBlock {
  return block(
    'module',
    // The module's name in references: `module.cluster_access`, not `module.cluster-access`.
    [options.capability.replace(/-/g, '_')],
    [
      attr('source', `../../../modules/${options.capability}/${options.cloud}`),
      blank(),
      options.arguments,
    ],
  );
}

function tfvars(options: {
  header: HclBody;
  sections: readonly TfvarsSection[];
  variables: readonly RootVariable[];
}): string {
  const { header, sections, variables } = options;
  const known = new Set(sections.map(section => section.id));
  for (const variable of variables) {
    if (variable.section !== undefined && !known.has(variable.section)) {
      throw new Error(
        `Root variable ${variable.name} names the unknown tfvars section "${variable.section}"`,
      );
    }
  }
  const groups = (sections.length > 0 ? sections : [{ id: '' }]).map(
    section => ({
      heading: section.heading,
      entries: variables
        .filter(variable => (variable.section ?? '') === section.id)
        .filter(
          variable =>
            variable.value !== undefined || variable.note !== undefined,
        )
        .map(variable => [
          variable.note !== undefined && comment(variable.note),
          variable.value !== undefined && attr(variable.name, variable.value),
        ]),
    }),
  );
  return writeHcl([
    header,
    groups
      .filter(group => group.entries.length > 0)
      .map((group, index) => [
        index > 0 && blank(),
        group.heading !== undefined && comment(group.heading),
        group.entries,
      ]),
  ]);
}

/**
 * The six files of one environment's root module, the same on every cloud: versions.tf (Terraform,
 * provider), backend.tf, main.tf (locals, data sources, module calls), variables.tf and
 * terraform.tfvars (both from the same {@link RootVariable} declarations) and outputs.tf.
 */
export function environmentRoot(options: {
  cloud: Cloud;
  environment: Environment;
  versions: HclBody;
  backend: HclBody;
  main: HclBody;
  variables: readonly RootVariable[];
  outputs: HclBody;
  tfvars: { header?: HclBody; sections?: readonly TfvarsSection[] };
}): FileTree {
  const directory = environmentPath(options);
  return {
    [`${directory}/versions.tf`]: writeHcl(options.versions),
    [`${directory}/backend.tf`]: writeHcl(options.backend),
    [`${directory}/main.tf`]: writeHcl(options.main),
    [`${directory}/variables.tf`]: writeHcl(
      options.variables.map(variable =>
        terraformVariable({
          name: variable.name,
          type: variable.type,
          description: variable.description,
          default: variable.default,
          validations: variable.validations,
        }),
      ),
    ),
    [`${directory}/outputs.tf`]: writeHcl(options.outputs),
    [`${directory}/terraform.tfvars`]: tfvars({
      header: options.tfvars.header ?? [],
      sections: options.tfvars.sections ?? [],
      variables: options.variables,
    }),
  };
}
