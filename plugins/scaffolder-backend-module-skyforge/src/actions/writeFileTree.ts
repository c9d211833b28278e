import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { FileTree } from '@skyforge/stack-renderer';

/**
 * Checks a user-given `targetPath` and returns it as a normalised relative POSIX path ('' for the
 * workspace root). Absolute paths and any `..` segment are refused outright rather than
 * normalised away, so a typo never lands files somewhere unexpected.
 */
export function normalizeTargetPath(targetPath: string | undefined): string {
  if (targetPath === undefined || targetPath.trim() === '') return '';
  if (targetPath.includes('\0')) {
    throw new InputError('targetPath must not contain NUL characters');
  }
  if (path.posix.isAbsolute(targetPath) || path.win32.isAbsolute(targetPath)) {
    throw new InputError(
      `targetPath "${targetPath}" must be a relative path inside the workspace, not an absolute path`,
    );
  }
  const segments = targetPath
    .split(/[\\/]+/)
    .filter(segment => segment !== '' && segment !== '.');
  if (segments.includes('..')) {
    throw new InputError(
      `targetPath "${targetPath}" must stay inside the workspace; ".." is not allowed`,
    );
  }
  return segments.join('/');
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'ENOENT';
}

async function lstatOrUndefined(file: string) {
  try {
    return await fs.lstat(file);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/**
 * Verifies, before anything is written, that every directory and file a tree will occupy is
 * inside the workspace once symbolic links are resolved. A workspace can already hold links
 * (from fetch:template or an earlier step), and writing through one must never escape it.
 */
class WorkspaceGuard {
  private readonly checked = new Map<string, 'exists' | 'missing'>();

  private constructor(private readonly root: string) {}

  static async create(workspacePath: string): Promise<WorkspaceGuard> {
    await fs.mkdir(workspacePath, { recursive: true });
    return new WorkspaceGuard(await fs.realpath(workspacePath));
  }

  get rootPath(): string {
    return this.root;
  }

  private async assertLinkInside(absolute: string, shown: string) {
    let real: string;
    try {
      real = await fs.realpath(absolute);
    } catch {
      throw new InputError(
        `"${shown}" is a symbolic link that cannot be resolved; refusing to write through it`,
      );
    }
    if (real !== this.root && !isChildPath(this.root, real)) {
      throw new InputError(
        `"${shown}" is a symbolic link that leads outside the workspace; refusing to write through it`,
      );
    }
    return real;
  }

  /** Checks each segment of a relative directory path; returns whether it already exists. */
  async checkDirectory(relative: string): Promise<void> {
    const segments = relative === '' ? [] : relative.split('/');
    let current = this.root;
    for (let index = 0; index < segments.length; index += 1) {
      const shown = segments.slice(0, index + 1).join('/');
      current = path.join(current, segments[index]);
      const known = this.checked.get(current);
      if (known === 'missing') return;
      if (known === 'exists') continue;
      const stat = await lstatOrUndefined(current);
      if (!stat) {
        this.checked.set(current, 'missing');
        return;
      }
      if (stat.isSymbolicLink()) {
        const real = await this.assertLinkInside(current, shown);
        if (!(await fs.stat(real)).isDirectory()) {
          throw new InputError(
            `"${shown}" exists in the workspace and is not a directory`,
          );
        }
      } else if (!stat.isDirectory()) {
        throw new InputError(
          `"${shown}" exists in the workspace and is not a directory`,
        );
      }
      this.checked.set(current, 'exists');
    }
  }

  async checkFile(relative: string): Promise<void> {
    await this.checkDirectory(
      path.posix.dirname(relative) === '.' ? '' : path.posix.dirname(relative),
    );
    const absolute = path.join(this.root, relative);
    const stat = await lstatOrUndefined(absolute);
    if (!stat) return;
    if (stat.isSymbolicLink()) {
      const real = await this.assertLinkInside(absolute, relative);
      if (!(await fs.stat(real)).isFile()) {
        throw new InputError(
          `"${relative}" exists in the workspace and is not a file`,
        );
      }
    } else if (!stat.isFile()) {
      throw new InputError(
        `"${relative}" exists in the workspace and is not a file`,
      );
    }
  }
}

/** Where a tree was written and how many files it had. */
export interface WriteFileTreeResult {
  /** The target directory relative to the workspace ('' for the workspace root). */
  targetPath: string;
  fileCount: number;
}

/**
 * Writes a rendered file tree into the task workspace under `targetPath`. Every path is checked
 * first (no `..`, no absolute path, no symbolic link leading out of the workspace); nothing is
 * written unless every path passes. Existing files with the same path are overwritten, so
 * running the same step twice leaves the same bytes.
 */
export async function writeFileTree(options: {
  workspacePath: string;
  targetPath?: string;
  files: FileTree;
}): Promise<WriteFileTreeResult> {
  const targetPath = normalizeTargetPath(options.targetPath);
  const guard = await WorkspaceGuard.create(options.workspacePath);
  const relativePaths = Object.keys(options.files).map(file => {
    const relative = path.posix.join(targetPath, file);
    if (
      path.posix.isAbsolute(file) ||
      file.split('/').includes('..') ||
      relative.startsWith('../')
    ) {
      throw new InputError(
        `Rendered path "${file}" would leave the target directory`,
      );
    }
    return relative;
  });

  await guard.checkDirectory(targetPath);
  for (const relative of relativePaths) await guard.checkFile(relative);

  const directories = new Set(
    relativePaths.map(relative => path.posix.dirname(relative)),
  );
  for (const directory of [...directories].sort()) {
    await fs.mkdir(path.join(guard.rootPath, directory), { recursive: true });
  }
  const files = Object.entries(options.files);
  for (let index = 0; index < files.length; index += 1) {
    await fs.writeFile(
      path.join(guard.rootPath, relativePaths[index]),
      files[index][1],
      'utf8',
    );
  }
  return { targetPath, fileCount: files.length };
}
