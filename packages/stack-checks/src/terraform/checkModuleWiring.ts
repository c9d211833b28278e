import path from 'node:path';
import type {
  HclJsonValue,
  ParsedNamedBlock,
  ParsedTerraform,
  SchemaProblem,
} from './types';

/** Arguments of a `module` block that Terraform handles itself. */
const MODULE_META_ARGUMENTS = new Set([
  'source',
  'version',
  'count',
  'for_each',
  'providers',
  'depends_on',
]);

/**
 * The directory of a file, POSIX style.
 *
 * @public
 */
export function directoryOf(file: string): string {
  return path.posix.dirname(file);
}

/** The directory a local module source points at, or `undefined` for a remote source. */
export function localModuleDirectory(options: {
  callerDirectory: string;
  source: HclJsonValue;
}): string | undefined {
  const { callerDirectory, source } = options;
  if (
    typeof source !== 'string' ||
    !(source.startsWith('./') || source.startsWith('../'))
  )
    return undefined;
  return path.posix.normalize(path.posix.join(callerDirectory, source));
}

function stringsOf(value: HclJsonValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object')
    return Object.values(value).flatMap(stringsOf);
  return [];
}

/** `var.x`, `local.x` and `module.x.y` references in the interpolations of a value. */
function referencesIn(
  value: HclJsonValue | undefined,
): Array<{ kind: string; name: string; attribute?: string }> {
  const found: Array<{ kind: string; name: string; attribute?: string }> = [];
  for (const text of stringsOf(value)) {
    if (!text.includes('${')) continue;
    const pattern =
      /(?<![A-Za-z0-9_.-])(var|local|module)\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[[^\]]*\])?(?:\.([A-Za-z_][A-Za-z0-9_-]*))?/g;
    for (const match of text.matchAll(pattern)) {
      found.push({ kind: match[1], name: match[2], attribute: match[3] });
    }
  }
  return found;
}

/**
 * Checks what `terraform validate` would check between files and modules, which matters where
 * no provider binary is available: every `var.` and `local.` reference is declared in its
 * directory; every local module source exists; module arguments match the module's variables
 * (no unknown ones, no missing required ones); `module.x.y` references name a declared output;
 * and no module comes from a remote source.
 */
export function checkModuleWiring(options: {
  parsed: ParsedTerraform;
}): SchemaProblem[] {
  const { parsed } = options;
  const problems: SchemaProblem[] = [];
  const inDirectory = <T extends { file: string }>(
    items: T[],
    directory: string,
  ) => items.filter(item => directoryOf(item.file) === directory);
  const directories = new Set(parsed.files.map(directoryOf));

  for (const directory of [...directories].sort()) {
    const variables = new Set(
      inDirectory(parsed.variables, directory).map(variable => variable.name),
    );
    const locals = new Set(
      inDirectory(parsed.locals, directory).map(local => local.name),
    );
    const calls = new Map<
      string,
      { call: ParsedNamedBlock; target?: string }
    >();

    for (const call of inDirectory(parsed.modules, directory)) {
      const location = { file: call.file, address: `module.${call.name}` };
      const target = localModuleDirectory({
        callerDirectory: directory,
        source: call.body.source,
      });
      calls.set(call.name, { call, target });
      if (!target) {
        problems.push({
          ...location,
          rule: 'remote-module-source',
          path: 'source',
          message: `module source ${JSON.stringify(
            call.body.source,
          )} is not a local path`,
        });
        continue;
      }
      if (!directories.has(target)) {
        problems.push({
          ...location,
          rule: 'unknown-module-source',
          path: 'source',
          message: `module source ${target} holds no Terraform files`,
        });
        continue;
      }
      const declared = inDirectory(parsed.variables, target);
      const names = new Set(declared.map(variable => variable.name));
      for (const argument of Object.keys(call.body)) {
        if (!MODULE_META_ARGUMENTS.has(argument) && !names.has(argument)) {
          problems.push({
            ...location,
            rule: 'unknown-argument',
            path: argument,
            message: `module ${target} declares no variable "${argument}"`,
          });
        }
      }
      for (const variable of declared) {
        if (!('default' in variable.body) && !(variable.name in call.body)) {
          problems.push({
            ...location,
            rule: 'missing-required-argument',
            path: variable.name,
            message: `module ${target} requires variable "${variable.name}"`,
          });
        }
      }
    }

    const blocksHere: Array<{
      file: string;
      address: string;
      body: HclJsonValue;
    }> = [
      ...parsed.resources.map(resource => ({ ...resource })),
      ...parsed.dataSources.map(data => ({ ...data })),
      ...parsed.modules.map(call => ({
        ...call,
        address: `module.${call.name}`,
      })),
      ...parsed.outputs.map(output => ({
        ...output,
        address: `output.${output.name}`,
      })),
      ...parsed.locals.map(local => ({
        ...local,
        address: `local.${local.name}`,
      })),
      ...parsed.providers.map(provider => ({
        ...provider,
        address: `provider.${provider.name}`,
      })),
      // Variable validations may only refer to the variable itself, which is declared.
      ...parsed.variables.map(variable => ({
        ...variable,
        address: `var.${variable.name}`,
      })),
    ].filter(item => directoryOf(item.file) === directory);

    for (const item of blocksHere) {
      const seen = new Set<string>();
      for (const reference of referencesIn(item.body)) {
        const key = `${reference.kind}.${reference.name}.${
          reference.attribute ?? ''
        }`;
        if (seen.has(key)) continue;
        seen.add(key);
        const location = { file: item.file, address: item.address, path: '' };
        if (reference.kind === 'var' && !variables.has(reference.name)) {
          problems.push({
            ...location,
            rule: 'undeclared-reference',
            message: `var.${reference.name} is not declared in ${directory}`,
          });
        } else if (reference.kind === 'local' && !locals.has(reference.name)) {
          problems.push({
            ...location,
            rule: 'undeclared-reference',
            message: `local.${reference.name} is not declared in ${directory}`,
          });
        } else if (reference.kind === 'module') {
          const called = calls.get(reference.name);
          if (!called) {
            problems.push({
              ...location,
              rule: 'undeclared-reference',
              message: `module.${reference.name} is not called in ${directory}`,
            });
          } else if (
            called.target &&
            directories.has(called.target) &&
            reference.attribute
          ) {
            const outputs = inDirectory(parsed.outputs, called.target).map(
              output => output.name,
            );
            if (!outputs.includes(reference.attribute)) {
              problems.push({
                ...location,
                rule: 'unknown-module-output',
                message: `module ${called.target} has no output "${reference.attribute}"`,
              });
            }
          }
        }
      }
    }
  }
  return problems;
}
