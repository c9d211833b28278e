/**
 * Writes the provider schemas the offline Terraform checks read into `data/terraform-schemas/`:
 * the output of `terraform providers schema -json` for each pinned provider, with the
 * documentation text removed (descriptions, deprecation messages, schema versions, false and null
 * flags; never an attribute or block named `description`) and gzip-compressed. Every resource and data source type is kept, so a newly rendered
 * type is checked without regenerating anything.
 *
 * Run: `yarn workspace @skyforge/stack-checks vendor:schemas <folder of *.schema.json files>`
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { PROVIDER_SCHEMA_FILES } from '../src/terraform/loadProviderSchema';

/** Keys of schema blocks and attributes that only document; everything else is kept. */
const DOCUMENTATION_KEYS = new Set([
  'description',
  'description_kind',
  'deprecation_message',
]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** `map` with every value passed through `clean`, keys sorted (names, never dropped). */
function eachValue(
  map: Json | undefined,
  clean: (value: JsonObject) => JsonObject,
): JsonObject | undefined {
  if (!map || typeof map !== 'object' || Array.isArray(map)) return undefined;
  return Object.fromEntries(
    Object.keys(map)
      .sort()
      .map(name => [name, clean(map[name] as JsonObject)]),
  );
}

/** The properties of a block, attribute or block type without documentation, false or null. */
function properties(
  value: JsonObject,
  nested: Record<string, (child: Json) => Json | undefined>,
): JsonObject {
  const kept: JsonObject = {};
  for (const key of Object.keys(value).sort()) {
    const child = value[key];
    if (DOCUMENTATION_KEYS.has(key) || child === null || child === false)
      continue;
    const cleaned = nested[key] ? nested[key](child) : child;
    if (cleaned !== undefined) kept[key] = cleaned;
  }
  return kept;
}

function attribute(value: JsonObject): JsonObject {
  return properties(value, {
    nested_type: child =>
      properties(child as JsonObject, {
        attributes: map => eachValue(map, attribute),
      }),
  });
}

function block(value: JsonObject): JsonObject {
  return properties(value, {
    attributes: map => eachValue(map, attribute),
    block_types: map =>
      eachValue(map, blockType =>
        properties(blockType, { block: child => block(child as JsonObject) }),
      ),
  });
}

/** One resource, data source or provider schema: its block; the schema `version` is dropped. */
function schema(value: JsonObject): JsonObject {
  return { block: block(value.block as JsonObject) };
}

function main(source: string | undefined): number {
  if (!source) {
    process.stderr.write(
      'usage: vendorProviderSchemas <folder of terraform providers schema -json files>\n',
    );
    return 2;
  }
  const target = path.resolve(__dirname, '../data/terraform-schemas');
  for (const fileName of Object.values(PROVIDER_SCHEMA_FILES)) {
    const input = path.join(source, fileName.replace(/\.gz$/, ''));
    const json = JSON.parse(fs.readFileSync(input, 'utf8'));
    const schemas: Record<string, JsonObject> = json.provider_schemas;
    const trimmed = {
      format_version: json.format_version,
      provider_schemas: Object.fromEntries(
        Object.entries(schemas).map(([address, entry]) => [
          address,
          {
            ...(entry.provider
              ? { provider: schema(entry.provider as JsonObject) }
              : {}),
            resource_schemas: eachValue(entry.resource_schemas, schema) ?? {},
            data_source_schemas:
              eachValue(entry.data_source_schemas, schema) ?? {},
          },
        ]),
      ),
    };
    const compressed = zlib.gzipSync(JSON.stringify(trimmed), { level: 9 });
    fs.writeFileSync(path.join(target, fileName), compressed);
    process.stdout.write(
      `${fileName}: ${fs.statSync(input).size} bytes -> ${
        compressed.length
      } bytes\n`,
    );
  }
  return 0;
}

process.exitCode = main(process.argv[2]);
