import {
  checkAgainstProviderSchema,
  providerOf,
} from './checkAgainstProviderSchema';
import { checkAzapiResources } from './checkAzapiResources';
import {
  checkModuleWiring,
  directoryOf,
  localModuleDirectory,
} from './checkModuleWiring';
import {
  loadProviderSchema,
  PROVIDER_SCHEMA_FILES,
} from './loadProviderSchema';
import { parseTerraformFiles, selectParsedFiles } from './parseTerraformFiles';
import { runTerraformRules } from './runTerraformRules';
import type {
  ParsedResource,
  ParsedTerraform,
  RuleViolation,
  SchemaProblem,
} from './types';

/** Providers built into Terraform, which have no schema file. */
const BUILT_IN_PROVIDERS = new Set(['terraform']);

/**
 * Providers checked without a schema file, by their own check: azapi's resources are generic
 * (their bodies are typed by ARM API versions), see checkAzapiResources.ts.
 */
const PROVIDERS_CHECKED_WITHOUT_SCHEMA: Readonly<
  Record<string, (resources: ParsedResource[]) => SchemaProblem[]>
> = {
  azapi: checkAzapiResources,
};

/** Module directories a root reaches through local `source` paths, the root included. */
function moduleClosure(parsed: ParsedTerraform, root: string): Set<string> {
  const reached = new Set<string>([root]);
  const pending = [root];
  while (pending.length > 0) {
    const directory = pending.pop()!;
    for (const call of parsed.modules.filter(
      module => directoryOf(module.file) === directory,
    )) {
      const target = localModuleDirectory({
        callerDirectory: directory,
        source: call.body.source,
      });
      if (target && !reached.has(target)) {
        reached.add(target);
        pending.push(target);
      }
    }
  }
  return reached;
}

/**
 * Judges a rendered repository's Terraform: parses every `*.tf` file, checks resources, data
 * sources and provider blocks against the pinned provider schemas (aws 5.100.0, google 6.50.0,
 * azurerm 4.65.0; each provider's blocks against its own schema, whichever directory they are in;
 * azapi's generic resources by checkAzapiResources, without a schema), checks the wiring between roots and modules, and runs the security rules.
 *
 * Rules run per root module (`infra/envs/<env>/<cloud>`, `infra/bootstrap/<cloud>`, or any
 * directory no other directory calls) together with the local modules it calls, so a rule can
 * pair resources across those files. Variables are not resolved across module boundaries: a
 * module setting that comes from a variable is unknown and passes (see rules/ruleHelpers.ts), so
 * insecure values must be caught where they are written as literals. A module shared by several
 * roots is reported once.
 *
 * @public
 */
export async function checkRenderedTerraform(options: {
  files: Record<string, string>;
  schemaDirectory?: string;
}): Promise<{ schemaProblems: SchemaProblem[]; violations: RuleViolation[] }> {
  const parsed = await parseTerraformFiles(options.files);

  const schemaProblems: SchemaProblem[] = [];
  const providers = new Set(
    [...parsed.resources, ...parsed.dataSources]
      .map(providerOf)
      .concat(parsed.providers.map(provider => provider.name)),
  );
  for (const provider of [...providers].sort()) {
    if (PROVIDER_SCHEMA_FILES[provider]) {
      const schema = loadProviderSchema({
        provider,
        directory: options.schemaDirectory,
      });
      schemaProblems.push(...checkAgainstProviderSchema({ parsed, schema }));
    } else if (PROVIDERS_CHECKED_WITHOUT_SCHEMA[provider]) {
      schemaProblems.push(
        ...PROVIDERS_CHECKED_WITHOUT_SCHEMA[provider](
          [...parsed.resources, ...parsed.dataSources].filter(
            item => providerOf(item) === provider,
          ),
        ),
      );
    } else if (!BUILT_IN_PROVIDERS.has(provider)) {
      for (const resource of [
        ...parsed.resources,
        ...parsed.dataSources,
      ].filter(item => providerOf(item) === provider)) {
        schemaProblems.push({
          rule: 'unknown-provider',
          file: resource.file,
          address: resource.address,
          path: '',
          message: `provider "${provider}" is not one of ${Object.keys(
            PROVIDER_SCHEMA_FILES,
          ).join(', ')}`,
        });
      }
    }
  }
  schemaProblems.push(...checkModuleWiring({ parsed }));

  const directories = [...new Set(parsed.files.map(directoryOf))].sort();
  const called = new Set<string>();
  for (const call of parsed.modules) {
    const target = localModuleDirectory({
      callerDirectory: directoryOf(call.file),
      source: call.body.source,
    });
    if (target) called.add(target);
  }
  const roots = directories.filter(directory => !called.has(directory));

  const violations: RuleViolation[] = [];
  const seen = new Set<string>();
  for (const root of roots) {
    const closure = moduleClosure(parsed, root);
    const scope = selectParsedFiles(parsed, file =>
      closure.has(directoryOf(file)),
    );
    for (const violation of runTerraformRules(scope)) {
      const key = `${violation.ruleId}\u0000${violation.file}\u0000${violation.address}\u0000${violation.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      violations.push(violation);
    }
  }
  return { schemaProblems, violations };
}
