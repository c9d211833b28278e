import fs from 'node:fs';
import path from 'node:path';
import type { LocalCopy, ObjectStore, StoredObject } from './ObjectStore';

/** The local disk as a store: keys are absolute paths with `/` separators. */
export class LocalObjectStore implements ObjectStore {
  readonly displayName = 'the local disk';

  async *list(prefix: string): AsyncIterable<StoredObject> {
    const stat = await fs.promises.stat(prefix).catch(() => undefined);
    if (stat?.isFile()) {
      yield { key: prefix, size: stat.size, lastModified: stat.mtime };
      return;
    }
    // A folder is listed itself; any other prefix through its parent folder.
    const root =
      stat?.isDirectory() || prefix.endsWith('/')
        ? prefix
        : path.dirname(prefix);
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(root, {
        recursive: true,
        withFileTypes: true,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return;
      }
      throw error;
    }
    const keys = entries
      .filter(entry => entry.isFile())
      .map(entry =>
        path.join(entry.parentPath, entry.name).split(path.sep).join('/'),
      )
      .filter(key => key.startsWith(prefix))
      .sort();
    for (const key of keys) {
      const file = await fs.promises.stat(key);
      yield { key, size: file.size, lastModified: file.mtime };
    }
  }

  async readText(key: string): Promise<string> {
    return fs.promises.readFile(key, 'utf8');
  }

  async copyToLocal(key: string): Promise<LocalCopy> {
    return { path: key, release: async () => {} };
  }
}
