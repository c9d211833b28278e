import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Reads every regular file under a directory into `relative POSIX path -> content`, sorted by
 * path, skipping `.git`. Symbolic links are listed as `-> target` so a test sees them too.
 */
export async function readDirectoryTree(
  directory: string,
): Promise<Record<string, string>> {
  const tree: Record<string, string> = {};
  async function walk(current: string) {
    const entries = await fs.readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name === '.git') continue;
      const absolute = path.join(current, entry.name);
      const relative = path
        .relative(directory, absolute)
        .split(path.sep)
        .join('/');
      if (entry.isSymbolicLink()) {
        tree[relative] = `-> ${await fs.readlink(absolute)}`;
      } else if (entry.isDirectory()) {
        await walk(absolute);
      } else if (entry.isFile()) {
        tree[relative] = await fs.readFile(absolute, 'utf8');
      }
    }
  }
  await walk(directory);
  return Object.fromEntries(
    Object.keys(tree)
      .sort()
      .map(key => [key, tree[key]]),
  );
}
