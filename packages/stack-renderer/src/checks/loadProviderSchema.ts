import fs from 'node:fs';
import path from 'node:path';
import type { ProviderSchema, SchemaBlock } from './types';

/** The provider versions the renderer pins, by provider name, and their schema files. */
export const PROVIDER_SCHEMA_FILES: Readonly<Record<string, string>> = {
  aws: 'aws-5.100.0.schema.json',
  google: 'google-6.50.0.schema.json',
  azurerm: 'azurerm-4.65.0.schema.json',
};

/** Environment variable that points at a directory of `*.schema.json` files. */
export const TERRAFORM_SCHEMAS_VARIABLE = 'SKYFORGE_TERRAFORM_SCHEMAS';

const RELATIVE_TO_REPOSITORY = path.join(
  '..',
  'shared',
  'data',
  'terraform-schemas',
);

/** The monorepo root: the nearest ancestor holding `yarn.lock`. */
function findRepositoryRoot(start: string): string | undefined {
  let current = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(current, 'yarn.lock'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/**
 * Finds the directory of provider schema files: the explicit `directory`, else the
 * `SKYFORGE_TERRAFORM_SCHEMAS` environment variable, else `../shared/data/terraform-schemas`
 * next to the repository root (found from `repositoryRoot`, the working directory or this file).
 */
export function findTerraformSchemaDirectory(
  options: { directory?: string; repositoryRoot?: string } = {},
): string {
  const isDirectory = (candidate: string) =>
    fs.existsSync(candidate) && fs.statSync(candidate).isDirectory();
  // An explicit choice that does not exist is an error, never a silent fallback.
  const explicit = options.directory ?? process.env[TERRAFORM_SCHEMAS_VARIABLE];
  if (explicit) {
    const directory = path.resolve(explicit);
    if (isDirectory(directory)) return directory;
    throw new Error(
      `Terraform provider schema directory ${directory} does not exist (from ${
        options.directory ? 'the directory option' : TERRAFORM_SCHEMAS_VARIABLE
      })`,
    );
  }
  const roots = options.repositoryRoot
    ? [path.resolve(options.repositoryRoot)]
    : [findRepositoryRoot(process.cwd()), findRepositoryRoot(__dirname)];
  const tried: string[] = [];
  for (const root of roots) {
    if (!root) continue;
    const candidate = path.resolve(root, RELATIVE_TO_REPOSITORY);
    if (isDirectory(candidate)) return candidate;
    if (!tried.includes(candidate)) tried.push(candidate);
  }
  throw new Error(
    `No Terraform provider schema directory found (tried ${
      tried.length ? tried.join(', ') : 'no repository root'
    }). Pass a directory or set ${TERRAFORM_SCHEMAS_VARIABLE} to a folder of *.schema.json files ` +
      `(the output of \`terraform providers schema -json\`).`,
  );
}

interface SchemaFile {
  provider_schemas?: Record<
    string,
    {
      provider?: { block: SchemaBlock };
      resource_schemas?: Record<string, { block: SchemaBlock }>;
      data_source_schemas?: Record<string, { block: SchemaBlock }>;
    }
  >;
}

const cache = new Map<string, ProviderSchema>();

/** Reads one `terraform providers schema -json` file; each file is read and parsed once per process. */
export function readProviderSchemaFile(file: string): ProviderSchema {
  const absolute = path.resolve(file);
  const cached = cache.get(absolute);
  if (cached) return cached;
  const json = JSON.parse(fs.readFileSync(absolute, 'utf8')) as SchemaFile;
  const [source] = Object.keys(json.provider_schemas ?? {});
  if (!source) throw new Error(`${absolute} holds no provider_schemas`);
  const entry = json.provider_schemas![source];
  const schema: ProviderSchema = {
    name: source.split('/').pop()!,
    source,
    provider: entry.provider,
    resourceSchemas: entry.resource_schemas ?? {},
    dataSourceSchemas: entry.data_source_schemas ?? {},
  };
  cache.set(absolute, schema);
  return schema;
}

/**
 * Loads the schema of a provider the renderer uses (`aws`, `google`, `azurerm`) at the pinned
 * version, from the schema directory (see `findTerraformSchemaDirectory`).
 */
export function loadProviderSchema(options: {
  provider: string;
  directory?: string;
}): ProviderSchema {
  const fileName = PROVIDER_SCHEMA_FILES[options.provider];
  if (!fileName) {
    throw new Error(
      `No schema file is known for provider "${
        options.provider
      }"; known: ${Object.keys(PROVIDER_SCHEMA_FILES).join(', ')}`,
    );
  }
  const directory = findTerraformSchemaDirectory({
    directory: options.directory,
  });
  const file = path.join(directory, fileName);
  if (!fs.existsSync(file))
    throw new Error(`Provider schema file ${file} does not exist`);
  return readProviderSchemaFile(file);
}
