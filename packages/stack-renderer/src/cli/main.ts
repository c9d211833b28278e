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
import { renderStack } from '../renderStack';
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
} from '../spec/stackSpec';
import type { FileTree } from '../types';
import { RENDERER_VERSION, rendererVersionStatus } from '../version';
import { checkCommand } from './checkCommand';
import { UsageError } from './UsageError';

const USAGE = `usage:
  skyforge render <spec.yaml> --out <dir> [--force]   render the repository into <dir>
  skyforge validate <spec.yaml>                       check a StackSpec and report problems
  skyforge check <dir>                                run the policy checks on a rendered repository

<spec.yaml> is a StackSpec or a rendered skyforge.yaml. When <dir> already holds a rendered
repository, render updates it in place and reports what changed: files nobody edited since the
last render are updated or removed, files edited by hand are kept and listed (--force overwrites
them), and files Skyforge never wrote are left alone.

check runs the provider-schema and module-wiring checks and the security rules on every *.tf
file, the manifest checks on every overlay under deploy/overlays (built with \`kubectl
kustomize\`, so kubectl must be on the PATH) and the StackSpec schema on skyforge.yaml, and
prints one line per finding: file, rule (family), address and message.

Exit codes: 0 success, 1 invalid spec or findings, 2 usage or I/O error.`;

/**
 * Where the CLI writes; injectable so tests can capture output.
 *
 * @public
 */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

const consoleOutput: CliOutput = {
  out: line => process.stdout.write(`${line}\n`),
  err: line => process.stderr.write(`${line}\n`),
};

/** Reads a StackSpec file: the spec document and, for a rendered file, the renderer version. */
function readSpecFile(file: string) {
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageError(`${file}: no such file`);
  let document: unknown;
  try {
    document = parseYaml(readFileSync(path, 'utf8'), { prettyErrors: true });
  } catch (error) {
    throw new UsageError(
      `${file}: not valid YAML: ${(error as Error).message}`,
    );
  }
  return readStackDocument(document);
}

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
  error: StackSpecError,
): void {
  output.err(`${file}: invalid StackSpec`);
  for (const issue of error.issues)
    output.err(`  ${issue.path}: ${issue.message}`);
}

function render(options: {
  output: CliOutput;
  file: string;
  outDir: string;
  force: boolean;
}): number {
  const { output, file, outDir, force } = options;
  const spec = parseStackSpec(readSpecFile(file).stack);
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

function validate(output: CliOutput, file: string): number {
  const { stack, rendererVersion } = readSpecFile(file);
  const result = validateStackSpec(stack);
  if (!result.success) {
    printIssues(output, file, new StackSpecError(result.issues));
    return 1;
  }
  const { files, warnings } = renderStack(result.spec);
  const fileCount =
    Object.keys(files).length + Object.keys(renderCostFile(result.spec)).length;
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
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const [command, file, ...rest] = positionals;
    if (values.help || !command) {
      output.out(USAGE);
      return values.help ? 0 : 2;
    }
    if (command === 'check') {
      if (!file || rest.length > 0)
        throw new UsageError('check takes exactly one directory');
      return await checkCommand(output, file);
    }
    if (!file || rest.length > 0)
      throw new UsageError(`${command} takes exactly one spec file`);
    if (command === 'validate') return validate(output, file);
    if (command !== 'render') {
      throw new UsageError(`unknown command "${command}"`);
    }
    if (!values.out) throw new UsageError('render needs --out <dir>');
    return render({
      output,
      file,
      outDir: values.out,
      force: values.force ?? false,
    });
  } catch (error) {
    if (error instanceof StackSpecError) {
      printIssues(output, argv[1] ?? 'spec', error);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    output.err(`skyforge: ${message}`);
    if (!(error instanceof UsageError)) output.err(USAGE);
    return 2;
  }
}
