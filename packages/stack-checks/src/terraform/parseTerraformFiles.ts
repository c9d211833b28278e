// src/checks is test tooling: only tests and scripts import it, no entry point exports it, so the
// WASM parser stays out of the published package's dependencies.
// eslint-disable-next-line @backstage/no-undeclared-imports
import { parse } from '@cdktn/hcl2json';
import type {
  HclJsonBody,
  HclJsonValue,
  ParsedNamedBlock,
  ParsedResource,
  ParsedTerraform,
  ParsedTerraformSettings,
} from './types';

/** An empty parse result, the starting point for merging and filtering. */
export function emptyParsedTerraform(): ParsedTerraform {
  return {
    files: [],
    resources: [],
    dataSources: [],
    modules: [],
    variables: [],
    outputs: [],
    providers: [],
    locals: [],
    terraform: [],
  };
}

function isBody(value: HclJsonValue | undefined): value is HclJsonBody {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Bodies of a block value (`[ {..}, {..} ]`); anything else yields nothing. */
function bodies(value: HclJsonValue | undefined): HclJsonBody[] {
  return Array.isArray(value) ? value.filter(isBody) : [];
}

/** `{ type: { name: [body] } }` → one entry per body. */
function typedBlocks(
  file: string,
  value: HclJsonValue | undefined,
  prefix: string,
): ParsedResource[] {
  if (!isBody(value)) return [];
  const result: ParsedResource[] = [];
  for (const [type, byName] of Object.entries(value)) {
    if (!isBody(byName)) continue;
    for (const [name, blocks] of Object.entries(byName)) {
      for (const body of bodies(blocks)) {
        result.push({
          file,
          type,
          name,
          address: `${prefix}${type}.${name}`,
          body,
        });
      }
    }
  }
  return result;
}

/** `{ name: [body] }` → one entry per body. */
function namedBlocks(
  file: string,
  value: HclJsonValue | undefined,
): ParsedNamedBlock[] {
  if (!isBody(value)) return [];
  const result: ParsedNamedBlock[] = [];
  for (const [name, blocks] of Object.entries(value)) {
    for (const body of bodies(blocks)) result.push({ file, name, body });
  }
  return result;
}

function terraformSettings(
  file: string,
  body: HclJsonBody,
): ParsedTerraformSettings {
  const settings: ParsedTerraformSettings = {
    file,
    requiredProviders: {},
    body,
  };
  if (typeof body.required_version === 'string')
    settings.requiredVersion = body.required_version;
  for (const providers of bodies(body.required_providers)) {
    Object.assign(settings.requiredProviders, providers);
  }
  const backend = body.backend;
  if (isBody(backend)) {
    const [type] = Object.keys(backend);
    const [backendBody] = bodies(backend[type]);
    if (type) settings.backend = { type, body: backendBody ?? {} };
  }
  return settings;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return String((error as { message: unknown }).message);
  }
  return String(error);
}

/** Parses one file's HCL into its JSON form, naming the file when the HCL is invalid. */
async function parseFile(file: string, content: string): Promise<HclJsonBody> {
  try {
    return (await parse(file, content)) as HclJsonBody;
  } catch (error) {
    throw new Error(`Cannot parse ${file}: ${errorText(error)}`);
  }
}

/** Combines parse results, keeping the order of the inputs. */
export function mergeParsedTerraform(
  parts: readonly ParsedTerraform[],
): ParsedTerraform {
  const merged = emptyParsedTerraform();
  for (const part of parts) {
    merged.files.push(...part.files);
    merged.resources.push(...part.resources);
    merged.dataSources.push(...part.dataSources);
    merged.modules.push(...part.modules);
    merged.variables.push(...part.variables);
    merged.outputs.push(...part.outputs);
    merged.providers.push(...part.providers);
    merged.locals.push(...part.locals);
    merged.terraform.push(...part.terraform);
  }
  return merged;
}

/** Keeps the blocks of the files the predicate accepts. */
export function selectParsedFiles(
  parsed: ParsedTerraform,
  accept: (file: string) => boolean,
): ParsedTerraform {
  const keep = <T extends { file: string }>(items: T[]) =>
    items.filter(item => accept(item.file));
  return {
    files: parsed.files.filter(accept),
    resources: keep(parsed.resources),
    dataSources: keep(parsed.dataSources),
    modules: keep(parsed.modules),
    variables: keep(parsed.variables),
    outputs: keep(parsed.outputs),
    providers: keep(parsed.providers),
    locals: keep(parsed.locals),
    terraform: keep(parsed.terraform),
  };
}

/**
 * Parses Terraform files (path → HCL) into lists of blocks. Only `*.tf` files are read; other
 * entries (`terraform.tfvars`, README files) are ignored so a whole rendered tree can be passed.
 * Files are read in path order and blocks come sorted by type and name within a file (hcl2json
 * sorts them), so the result is the same for the same input.
 *
 * @public
 */
export async function parseTerraformFiles(
  files: Record<string, string>,
): Promise<ParsedTerraform> {
  const parts: ParsedTerraform[] = [];
  for (const file of Object.keys(files)
    .filter(name => name.endsWith('.tf'))
    .sort()) {
    const json = await parseFile(file, files[file]);
    const part = emptyParsedTerraform();
    part.files.push(file);
    part.resources.push(...typedBlocks(file, json.resource, ''));
    part.dataSources.push(...typedBlocks(file, json.data, 'data.'));
    part.modules.push(...namedBlocks(file, json.module));
    part.variables.push(...namedBlocks(file, json.variable));
    part.outputs.push(...namedBlocks(file, json.output));
    part.providers.push(...namedBlocks(file, json.provider));
    for (const locals of bodies(json.locals)) {
      for (const [name, value] of Object.entries(locals)) {
        part.locals.push({ file, name, body: { value } });
      }
    }
    for (const body of bodies(json.terraform))
      part.terraform.push(terraformSettings(file, body));
    parts.push(part);
  }
  return mergeParsedTerraform(parts);
}
