import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { ProviderSchema, SchemaBlock } from './types';

/**
 * The provider versions the renderer pins, by provider name, and their schema files in
 * `data/terraform-schemas/` (see the README there for sources and licences).
 */
export const PROVIDER_SCHEMA_FILES: Readonly<Record<string, string>> = {
  aws: 'aws-5.100.0.schema.json.gz',
  google: 'google-6.50.0.schema.json.gz',
  azurerm: 'azurerm-4.65.0.schema.json.gz',
};

const PACKAGE_NAME = '@skyforge/stack-checks';

/** This package's root, found the way Node resolves the package (works from src/ and dist/). */
function findPackageRoot(): string | undefined {
  try {
    return path.dirname(require.resolve(`${PACKAGE_NAME}/package.json`));
  } catch {
    return undefined;
  }
}

/**
 * Finds the directory of provider schema files: the explicit `directory`, else the schemas
 * vendored in this package (`data/terraform-schemas`). Nothing outside the package is read.
 */
export function findTerraformSchemaDirectory(
  options: { directory?: string } = {},
): string {
  const isDirectory = (candidate: string) =>
    fs.existsSync(candidate) && fs.statSync(candidate).isDirectory();
  // An explicit choice that does not exist is an error, never a silent fallback.
  if (options.directory) {
    const directory = path.resolve(options.directory);
    if (isDirectory(directory)) return directory;
    throw new Error(
      `Terraform provider schema directory ${directory} does not exist (from the directory option)`,
    );
  }
  const root = findPackageRoot();
  const vendored = root && path.join(root, 'data', 'terraform-schemas');
  if (vendored && isDirectory(vendored)) return vendored;
  throw new Error(
    `The Terraform provider schemas vendored in ${PACKAGE_NAME} (data/terraform-schemas) are ` +
      `missing${
        root ? ` from ${root}` : ''
      }; pass a directory of *.schema.json(.gz) files ` +
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

/**
 * Reads one `terraform providers schema -json` file, gzip-compressed when its name ends in `.gz`;
 * each file is read and parsed once per process.
 */
export function readProviderSchemaFile(file: string): ProviderSchema {
  const absolute = path.resolve(file);
  const cached = cache.get(absolute);
  if (cached) return cached;
  const bytes = fs.readFileSync(absolute);
  const text = absolute.endsWith('.gz')
    ? zlib.gunzipSync(bytes).toString('utf8')
    : bytes.toString('utf8');
  const json = JSON.parse(text) as SchemaFile;
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
 *
 * @public
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
