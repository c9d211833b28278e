import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { estimateCost } from '../cost/estimateCost';
import { renderCostMarkdown } from '../cost/renderCostMarkdown';
import { renderStack } from '../renderStack';
import type { CliOutput } from './cliOutput';

export type { CliOutput } from './cliOutput';
import { gitBlobSha } from '../repository/gitBlobSha';
import {
  describeStackUpdateConflict,
  planStackUpdate,
  type StackUpdatePlan,
} from '../repository/planStackUpdate';
import { readStackDocument } from '../repository/readSkyforgeYaml';
import { renderCostFile } from '../repository/renderCostFile';
import {
  readRenderRecord,
  RENDER_RECORD_PATH,
  SKYFORGE_YAML_PATH,
} from '../repository/renderRecord';
import {
  parseStackSpec,
  StackSpecError,
  validateStackSpec,
  type StackSpec,
} from '../spec/stackSpec';
import {
  STACK_FIELD_NAMES,
  stackSpecFromFields,
  type StackFieldIssue,
} from '../spec/stackSpecFromFields';
import type { FileTree } from '../types';
import { RENDERER_VERSION, rendererVersionStatus } from '../version';
import { checkCommand } from './checkCommand';
import { UsageError } from './UsageError';

const USAGE = `usage:
  skyforge render <spec.yaml> --out <dir> [--force]   render the repository into <dir>
  skyforge validate <spec.yaml>                       check a StackSpec and report problems
  skyforge render --form <values.json> --out <dir>    the same, from the Create wizard's form values
  skyforge validate --form <values.json>
  skyforge check <dir>                                run the policy checks on a rendered repository
  skyforge estimate <spec.yaml> [--json]              print the monthly cost estimate (COST.md's text)
  skyforge estimate --form <values.json> [--json]

<spec.yaml> is a StackSpec or a rendered skyforge.yaml. <values.json> (JSON or YAML) holds the
Create wizard's form values, or the render action's input fields; they are mapped to a StackSpec
exactly as the wizard's cost preview and the action map them. When <dir> already holds a rendered
repository, render updates it in place and reports what changed: files nobody edited since the
last render are updated or removed, files edited by hand are kept and listed (--force overwrites
them), and files Skyforge never wrote are left alone.

check runs the provider-schema and module-wiring checks and the security rules on every *.tf
file, the manifest checks on every overlay under deploy/overlays (built with \`kubectl
kustomize\`, so kubectl must be on the PATH) and the StackSpec schema on skyforge.yaml, and
prints one line per finding: file, rule (family), address and message.

estimate prints every line item with its quantity, unit and list price, the assumptions and the
price sources, as render writes them to COST.md; --json prints the estimate as JSON instead.

Exit codes: 0 success, 1 invalid spec or findings, 2 usage or I/O error.`;

const consoleOutput: CliOutput = {
  out: line => process.stdout.write(`${line}\n`),
  err: line => process.stderr.write(`${line}\n`),
};

function readYamlFile(file: string): unknown {
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageError(`${file}: no such file`);
  try {
    return parseYaml(readFileSync(path, 'utf8'), { prettyErrors: true });
  } catch (error) {
    throw new UsageError(
      `${file}: not valid YAML: ${(error as Error).message}`,
    );
  }
}

/** Reads a StackSpec file: the spec document and, for a rendered file, the renderer version. */
function readSpecFile(file: string) {
  return readStackDocument(readYamlFile(file));
}

/** Thrown for form values that do not make a valid StackSpec; names each field and its rule. */
class StackFieldsError extends Error {
  constructor(readonly file: string, readonly issues: StackFieldIssue[]) {
    super(`${file}: invalid form values`);
  }
}

/**
 * The StackSpec a form values file describes, mapped by `stackSpecFromFields`. A form's other
 * fields (repository, cost preview) are not the stack's: they are named and left alone.
 */
function readFormFile(output: CliOutput, file: string): StackSpec {
  const values = readYamlFile(file);
  if (!values || typeof values !== 'object' || Array.isArray(values)) {
    throw new UsageError(
      `${file}: must hold the form values as one object of fields`,
    );
  }
  const known: readonly string[] = STACK_FIELD_NAMES;
  const ignored = Object.keys(values).filter(key => !known.includes(key));
  if (ignored.length > 0) {
    output.err(
      `warning: ${file}: ignoring ${ignored.join(
        ', ',
      )} (not stack fields; the stack's are ${known.join(', ')})`,
    );
  }
  const result = stackSpecFromFields(values as Record<string, unknown>);
  if (!result.success) throw new StackFieldsError(file, result.issues);
  return result.spec;
}

/** What the command reads: a StackSpec file, or form values (`--form`). */
type Input = { spec: string } | { form: string };

function isEmptyDirectory(directory: string): boolean {
  return !existsSync(directory) || readdirSync(directory).length === 0;
}

/**
 * Writes the tree next to the target first and swaps it into place, so an interrupted render
 * never leaves a half-written repository.
 */
function writeNewTree(files: FileTree, target: string): void {
  const staging = `${target}.skyforge-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const [path, content] of Object.entries(files)) {
      const file = join(staging, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    rmSync(target, { recursive: true, force: true });
    mkdirSync(dirname(target), { recursive: true });
    renameSync(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The Git blob id of each of `paths` that exists under `directory` as a regular file. */
function readBlobIds(
  directory: string,
  paths: Iterable<string>,
): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const path of paths) {
    const file = join(directory, path);
    let stat;
    try {
      stat = lstatSync(file);
    } catch {
      continue;
    }
    if (!stat.isFile()) {
      throw new UsageError(
        `${path}: exists in the target directory and is not a regular file; refusing to write over it`,
      );
    }
    ids[path] = gitBlobSha(readFileSync(file));
  }
  return ids;
}

function readRecordIn(directory: string) {
  const file = join(directory, RENDER_RECORD_PATH);
  if (!existsSync(file)) return undefined;
  try {
    return readRenderRecord(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `${
        (error as Error).message
      } (in ${directory}; delete the file to treat every difference as a hand edit)`,
    );
  }
}

/** The renderer version the target's current skyforge.yaml records, if it can be read. */
function renderedVersionIn(directory: string): string | undefined {
  try {
    const text = readFileSync(join(directory, SKYFORGE_YAML_PATH), 'utf8');
    return readStackDocument(parseYaml(text)).rendererVersion;
  } catch {
    return undefined;
  }
}

/** Applies a plan: each file is written to a temporary name and renamed over the old one. */
function applyPlan(directory: string, plan: StackUpdatePlan): void {
  for (const [path, content] of Object.entries(plan.write)) {
    const file = join(directory, path);
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.skyforge-${process.pid}`;
    writeFileSync(temporary, content);
    renameSync(temporary, file);
  }
  for (const path of plan.remove) {
    rmSync(join(directory, path), { force: true });
    // Remove the directories the file leaves empty, up to the repository root.
    let parent = dirname(join(directory, path));
    while (parent !== directory && readdirSync(parent).length === 0) {
      rmdirSync(parent);
      parent = dirname(parent);
    }
  }
}

function printPlan(options: {
  output: CliOutput;
  name: string;
  outDir: string;
  fromVersion: string | undefined;
  plan: StackUpdatePlan;
}): void {
  const { output, name, outDir, fromVersion, plan } = options;
  const version =
    fromVersion && fromVersion !== RENDERER_VERSION
      ? `renderer ${fromVersion} → ${RENDERER_VERSION}`
      : `renderer ${RENDERER_VERSION}`;
  output.out(`Re-rendered ${name} into ${outDir} (${version}):`);
  const lines: Array<[string, string]> = [
    ...plan.added.map(path => ['added', path] as [string, string]),
    ...plan.changed.map(path => ['changed', path] as [string, string]),
    ...plan.removed.map(path => ['removed', path] as [string, string]),
    ...plan.edited.map(
      path =>
        [
          'edited',
          `${path}: edited by hand; the new render has nothing new for it`,
        ] as [string, string],
    ),
    ...plan.conflicts.map(
      conflict =>
        [
          conflict.kept ? 'kept' : 'overwrote',
          `${conflict.path}: ${describeStackUpdateConflict(conflict)}`,
        ] as [string, string],
    ),
  ];
  for (const [what, text] of lines) output.out(`  ${what.padEnd(9)} ${text}`);
  const kept = plan.conflicts.filter(conflict => conflict.kept).length;
  output.out(
    `${plan.added.length} added, ${plan.changed.length} changed, ${
      plan.removed.length
    } removed, ${plan.unchanged.length} unchanged${
      plan.edited.length > 0
        ? `, ${plan.edited.length} edited by hand and left as they are`
        : ''
    }${
      kept > 0
        ? `; ${kept} kept as they are (use --force to overwrite them)`
        : ''
    }`,
  );
}

function printIssues(
  output: CliOutput,
  file: string,
  error: StackSpecError | StackFieldsError,
): void {
  if (error instanceof StackFieldsError) {
    output.err(error.message);
    for (const issue of error.issues) {
      output.err(
        issue.field === issue.path
          ? `  ${issue.field}: ${issue.message}`
          : `  ${issue.field}: ${issue.message} (${issue.path})`,
      );
    }
    return;
  }
  output.err(`${file}: invalid StackSpec`);
  for (const issue of error.issues)
    output.err(`  ${issue.path}: ${issue.message}`);
}

function render(options: {
  output: CliOutput;
  input: Input;
  outDir: string;
  force: boolean;
}): number {
  const { output, input, outDir, force } = options;
  const spec =
    'form' in input
      ? readFormFile(output, input.form)
      : parseStackSpec(readSpecFile(input.spec).stack);
  const { files: stackFiles, warnings } = renderStack(spec);
  const files = { ...stackFiles, ...renderCostFile(spec) };
  const target = resolve(outDir);
  for (const warning of warnings) output.err(`warning: ${warning}`);

  if (isEmptyDirectory(target)) {
    writeNewTree(files, target);
    const bytes = Object.values(files).reduce(
      (sum, content) => sum + Buffer.byteLength(content),
      0,
    );
    output.out(
      `Rendered ${
        Object.keys(files).length
      } files (${bytes} bytes) into ${outDir}`,
    );
    return 0;
  }
  const rendered =
    existsSync(join(target, SKYFORGE_YAML_PATH)) ||
    existsSync(join(target, RENDER_RECORD_PATH));
  if (!rendered && !force) {
    throw new UsageError(
      `${outDir}: exists, is not empty and holds no rendered repository (use --force to render into it)`,
    );
  }
  const record = readRecordIn(target);
  const fromVersion = renderedVersionIn(target);
  const plan = planStackUpdate({
    rendered: files,
    current: readBlobIds(
      target,
      new Set([...Object.keys(files), ...Object.keys(record?.files ?? {})]),
    ),
    record,
    force,
  });
  applyPlan(target, plan);
  printPlan({ output, name: spec.metadata.name, outDir, fromVersion, plan });
  return 0;
}

function estimate(options: {
  output: CliOutput;
  input: Input;
  json: boolean;
}): number {
  const { output, input, json } = options;
  const spec =
    'form' in input
      ? readFormFile(output, input.form)
      : parseStackSpec(readSpecFile(input.spec).stack);
  const result = estimateCost(spec);
  output.out(
    json
      ? JSON.stringify(result, null, 2)
      : renderCostMarkdown(result, spec).trimEnd(),
  );
  return 0;
}

function validate(output: CliOutput, input: Input): number {
  let spec: StackSpec;
  let rendererVersion: string | undefined;
  if ('form' in input) {
    spec = readFormFile(output, input.form);
  } else {
    const read = readSpecFile(input.spec);
    const result = validateStackSpec(read.stack);
    if (!result.success) {
      printIssues(output, input.spec, new StackSpecError(result.issues));
      return 1;
    }
    spec = result.spec;
    rendererVersion = read.rendererVersion;
  }
  const file = 'form' in input ? input.form : input.spec;
  const { files, warnings } = renderStack(spec);
  const fileCount =
    Object.keys(files).length + Object.keys(renderCostFile(spec)).length;
  for (const warning of warnings) output.err(`warning: ${warning}`);
  output.out(`${file}: valid (${fileCount} files would be rendered)`);
  if (rendererVersionStatus(rendererVersion) === 'behind') {
    output.out(
      `Rendered by renderer ${rendererVersion}; this is ${RENDERER_VERSION}: \`skyforge render\` updates the repository.`,
    );
  }
  return 0;
}

/**
 * Runs the CLI; returns the exit code.
 *
 * @public
 */
export async function main(
  argv: string[],
  output: CliOutput = consoleOutput,
): Promise<number> {
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        form: { type: 'string' },
        force: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const [command, file, ...rest] = positionals;
    if (values.help || !command) {
      output.out(USAGE);
      return values.help ? 0 : 2;
    }
    if (command === 'check') {
      if (!file || rest.length > 0 || values.form !== undefined)
        throw new UsageError('check takes exactly one directory');
      return await checkCommand(output, file);
    }
    if (values.form !== undefined && file !== undefined)
      throw new UsageError(
        `${command} takes either a spec file or --form <values.json>, not both`,
      );
    if ((!file && values.form === undefined) || rest.length > 0)
      throw new UsageError(
        `${command} takes exactly one spec file (or --form <values.json>)`,
      );
    const input: Input =
      values.form !== undefined ? { form: values.form } : { spec: file };
    if (command === 'validate') return validate(output, input);
    if (command === 'estimate')
      return estimate({ output, input, json: values.json ?? false });
    if (command !== 'render') {
      throw new UsageError(`unknown command "${command}"`);
    }
    if (!values.out) throw new UsageError('render needs --out <dir>');
    return render({
      output,
      input,
      outDir: values.out,
      force: values.force ?? false,
    });
  } catch (error) {
    if (error instanceof StackFieldsError || error instanceof StackSpecError) {
      printIssues(output, argv[1] ?? 'spec', error);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    output.err(`skyforge: ${message}`);
    if (!(error instanceof UsageError)) output.err(USAGE);
    return 2;
  }
}
