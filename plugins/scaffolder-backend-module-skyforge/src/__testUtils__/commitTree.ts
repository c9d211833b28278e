import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readDirectoryTree } from './readDirectoryTree';

function git(
  directory: string,
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      ['-C', directory, ...args],
      { env: { ...process.env, ...options.env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(stderr || String(error))) : resolve(stdout),
    );
    child.stdin?.end(options.input);
  });
}

/**
 * Commits exactly `files` as the new head of `branch` in a bare repository (its parent is the
 * branch's current head, if any), as a push from the repository's owner would; returns the
 * commit id.
 */
export async function commitTree(options: {
  bare: string;
  branch: string;
  files: Record<string, string>;
  message: string;
}): Promise<string> {
  const { bare, branch, files, message } = options;
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'commit-tree-'));
  const env = {
    GIT_INDEX_FILE: path.join(scratch, 'index'),
    GIT_AUTHOR_NAME: 'Payments Team',
    GIT_AUTHOR_EMAIL: 'payments@example.com',
    GIT_COMMITTER_NAME: 'Payments Team',
    GIT_COMMITTER_EMAIL: 'payments@example.com',
  };
  try {
    const work = path.join(scratch, 'work');
    for (const [file, content] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(work, file)), { recursive: true });
      await fs.writeFile(path.join(work, file), content);
    }
    await git(bare, ['--work-tree', work, 'add', '--all', '.'], { env });
    const tree = (await git(bare, ['write-tree'], { env })).trim();
    let parent: string | undefined;
    try {
      parent = (
        await git(bare, ['rev-parse', '--verify', `refs/heads/${branch}`])
      ).trim();
    } catch {
      parent = undefined;
    }
    const commit = (
      await git(
        bare,
        ['commit-tree', tree, ...(parent ? ['-p', parent] : [])],
        { input: message, env },
      )
    ).trim();
    await git(bare, ['update-ref', `refs/heads/${branch}`, commit]);
    return commit;
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

/** Every file of a branch of a bare repository, `path -> content`. */
export async function readBranch(
  bare: string,
  branch: string,
): Promise<Record<string, string>> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'read-branch-'));
  try {
    const work = path.join(scratch, 'work');
    await fs.mkdir(work);
    await git(bare, ['--work-tree', work, 'checkout', branch, '--', '.'], {
      env: { GIT_INDEX_FILE: path.join(scratch, 'index') },
    });
    return await readDirectoryTree(work);
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}
