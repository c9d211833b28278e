import type { FileTree } from '../types';
import { gitBlobSha } from './gitBlobSha';

/**
 * Where every rendered repository keeps its {@link RenderRecord}.
 *
 * @public
 */
export const RENDER_RECORD_PATH = '.skyforge/render-record.json';

/**
 * The StackSpec file; written from the spec on every render, so the record does not track it.
 *
 * @public
 */
export const SKYFORGE_YAML_PATH = 'skyforge.yaml';

/**
 * What the last render wrote: the Git blob id (`git hash-object`) of every file except
 * `skyforge.yaml` and the record itself. A file whose id in the repository still equals its
 * recorded id was not edited since; `skyforge render` and the upgrade pull request update such
 * files and keep the others, listing them as edited by hand.
 *
 * @public
 */
export interface RenderRecord {
  /** Path → Git blob id, sorted by path. */
  files: Record<string, string>;
}

const ABOUT =
  'Written by the Skyforge renderer: the Git blob id (git hash-object) of every file it rendered, so that a re-render or an upgrade pull request updates the files nobody edited and keeps the others. Do not edit.';

const BLOB_ID = /^[0-9a-f]{40}$/;

/**
 * The record of a rendered tree, as the file content written at {@link RENDER_RECORD_PATH}.
 *
 * @public
 */
export function renderRenderRecord(files: FileTree): string {
  const tracked: Record<string, string> = {};
  for (const path of Object.keys(files).sort()) {
    if (path === RENDER_RECORD_PATH || path === SKYFORGE_YAML_PATH) continue;
    tracked[path] = gitBlobSha(files[path]);
  }
  return `${JSON.stringify(
    { about: ABOUT, hash: 'git-blob-sha1', files: tracked },
    undefined,
    2,
  )}\n`;
}

/**
 * Reads a render record back; throws an error naming what is wrong with it.
 *
 * @public
 */
export function readRenderRecord(text: string): RenderRecord {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${RENDER_RECORD_PATH} is not valid JSON: ${(error as Error).message}`,
    );
  }
  const { hash, files } = (document ?? {}) as {
    hash?: unknown;
    files?: unknown;
  };
  if (hash !== 'git-blob-sha1') {
    throw new Error(
      `${RENDER_RECORD_PATH}: "hash" must be "git-blob-sha1", not ${JSON.stringify(
        hash,
      )}`,
    );
  }
  if (typeof files !== 'object' || files === null || Array.isArray(files)) {
    throw new Error(
      `${RENDER_RECORD_PATH}: "files" must map each path to its Git blob id`,
    );
  }
  const entries = Object.entries(files as Record<string, unknown>);
  for (const [path, id] of entries) {
    if (typeof id !== 'string' || !BLOB_ID.test(id)) {
      throw new Error(
        `${RENDER_RECORD_PATH}: "files.${path}" must be a 40-character Git blob id`,
      );
    }
  }
  return { files: Object.fromEntries(entries) as Record<string, string> };
}
