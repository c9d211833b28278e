import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { renderStack } from '../renderStack';
import { StackSpecError, validateStackSpec } from '../spec/stackSpec';

const USAGE = `usage:
  skyforge render <spec.yaml> --out <dir> [--force]   render the repository into <dir>
  skyforge validate <spec.yaml>                       check a StackSpec and report problems

Exit codes: 0 success, 1 invalid spec, 2 usage or I/O error.`;

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

class UsageError extends Error {}

function readSpec(file: string): unknown {
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

/**
 * Writes the tree next to the target first and swaps it into place, so an interrupted render
 * never leaves a half-written repository.
 */
function writeTree(options: {
  files: Record<string, string>;
  outDir: string;
  force: boolean;
}): void {
  const target = resolve(options.outDir);
  if (existsSync(target) && readdirSync(target).length > 0 && !options.force) {
    throw new UsageError(
      `${options.outDir}: exists and is not empty (use --force to replace it)`,
    );
  }
  const staging = `${target}.skyforge-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const [path, content] of Object.entries(options.files)) {
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

function printIssues(
  output: CliOutput,
  file: string,
  error: StackSpecError,
): void {
  output.err(`${file}: invalid StackSpec`);
  for (const issue of error.issues)
    output.err(`  ${issue.path}: ${issue.message}`);
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
    if (!file || rest.length > 0)
      throw new UsageError(`${command} takes exactly one spec file`);
    if (command !== 'render' && command !== 'validate') {
      throw new UsageError(`unknown command "${command}"`);
    }
    const input = readSpec(file);

    if (command === 'validate') {
      const result = validateStackSpec(input);
      if (!result.success) {
        printIssues(output, file, new StackSpecError(result.issues));
        return 1;
      }
      const { files, warnings } = renderStack(result.spec);
      for (const warning of warnings) output.err(`warning: ${warning}`);
      output.out(
        `${file}: valid (${Object.keys(files).length} files would be rendered)`,
      );
      return 0;
    }

    if (!values.out) throw new UsageError('render needs --out <dir>');
    const { files, warnings } = renderStack(input);
    writeTree({ files, outDir: values.out, force: values.force ?? false });
    for (const warning of warnings) output.err(`warning: ${warning}`);
    const bytes = Object.values(files).reduce(
      (sum, content) => sum + Buffer.byteLength(content),
      0,
    );
    output.out(
      `Rendered ${Object.keys(files).length} files (${bytes} bytes) into ${
        values.out
      }`,
    );
    return 0;
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
