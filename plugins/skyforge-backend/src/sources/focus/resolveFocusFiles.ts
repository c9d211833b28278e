import fs from 'node:fs';
import path from 'node:path';

const GLOB_CHARACTERS = /[*?[\]{}]/;
const FOCUS_FILE = /\.csv(\.gz)?$/i;

/**
 * Resolves a FOCUS location to the files to read, sorted by path: one file, every `.csv` and
 * `.csv.gz` file below a folder (recursively, as cloud exports nest folders per billing period),
 * or the files matching a glob (`exports/**\/*.csv.gz`). Relative locations resolve against
 * `workingDirectory` — the backend process's working directory (`packages/backend` under
 * `yarn start`).
 */
export async function resolveFocusFiles(options: {
  location: string;
  workingDirectory: string;
}): Promise<string[]> {
  const { location, workingDirectory } = options;
  const absolute = path.resolve(workingDirectory, location);

  if (GLOB_CHARACTERS.test(location)) {
    const matches: string[] = [];
    for await (const match of fs.promises.glob(absolute)) {
      const stat = await fs.promises.stat(match);
      if (stat.isFile()) {
        matches.push(match);
      }
    }
    if (matches.length === 0) {
      throw new Error(`No FOCUS files match '${location}'`);
    }
    return matches.sort();
  }

  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(absolute);
  } catch {
    throw new Error(
      `FOCUS location '${location}' does not exist (resolved to '${absolute}')`,
    );
  }
  if (stat.isFile()) {
    return [absolute];
  }
  const entries = await fs.promises.readdir(absolute, {
    recursive: true,
    withFileTypes: true,
  });
  const files = entries
    .filter(entry => entry.isFile() && FOCUS_FILE.test(entry.name))
    .map(entry => path.join(entry.parentPath, entry.name))
    .sort();
  if (files.length === 0) {
    throw new Error(
      `FOCUS folder '${location}' holds no .csv or .csv.gz files`,
    );
  }
  return files;
}
