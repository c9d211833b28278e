import type { FileTree } from '../types';
import { gitBlobSha } from './gitBlobSha';
import {
  readRenderRecord,
  RENDER_RECORD_PATH,
  type RenderRecord,
} from './renderRecord';

/**
 * Why a file is kept as it is instead of being updated:
 * - `edited`: it differs from what the last render wrote (edited by hand);
 * - `deleted`: the last render wrote it and it was deleted since;
 * - `untracked`: it exists, the last render did not write it, and the new render would;
 * - `unrecorded`: the repository has no render record (rendered before Skyforge kept one), so a
 *   hand edit cannot be told from the output of an older renderer.
 *
 * @public
 */
export type StackUpdateConflictReason =
  | 'edited'
  | 'deleted'
  | 'untracked'
  | 'unrecorded';

/**
 * A file the update would change although its owner may have changed it first.
 *
 * @public
 */
export interface StackUpdateConflict {
  path: string;
  reason: StackUpdateConflictReason;
  /** What the new render would do to it. */
  change: 'add' | 'update' | 'remove';
  /** True when the file is left as it is; false when the update was forced over it. */
  kept: boolean;
}

/**
 * How to bring a rendered repository up to date with a new render, and what that changes.
 *
 * @public
 */
export interface StackUpdatePlan {
  /** Files to write (added, changed, and forced conflicts). */
  write: FileTree;
  /** Files to delete. */
  remove: string[];
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
  /**
   * Files edited or deleted by hand that the new render leaves as the last render wrote them:
   * kept as the owner has them, and no conflict, since the renderer has nothing new for them.
   */
  edited: string[];
  conflicts: StackUpdateConflict[];
}

/**
 * Plans the update of a rendered repository to a new render, comparing Git blob ids only, so the
 * caller needs no file contents: `current` maps each path of the repository (relative to the
 * stack's directory) to its blob id (at least the paths the new render and the record name), and
 * `record` is the repository's render record, if it has one.
 *
 * Files the last render wrote and nobody touched are updated or removed. Files edited or deleted
 * by hand stay as they are: silently when the new render has nothing new for them, as conflicts
 * when it would change them; so do files Skyforge did not write. `force` overwrites them all.
 * Rendered files the new record does not track (`skyforge.yaml`, the record, `COST.md`) are
 * derived from the spec and always written. Pure: the same input gives the same plan.
 *
 * @public
 */
export function planStackUpdate(options: {
  rendered: FileTree;
  current: Record<string, string>;
  record: RenderRecord | undefined;
  force?: boolean;
}): StackUpdatePlan {
  const { rendered, current, record, force = false } = options;
  const recordText = rendered[RENDER_RECORD_PATH];
  if (recordText === undefined) {
    throw new Error(
      `The new render has no ${RENDER_RECORD_PATH}; render it with renderStack`,
    );
  }
  const tracked = readRenderRecord(recordText).files;
  const plan: StackUpdatePlan = {
    write: {},
    remove: [],
    added: [],
    changed: [],
    removed: [],
    unchanged: [],
    edited: [],
    conflicts: [],
  };
  const conflict = (
    path: string,
    reason: StackUpdateConflictReason,
    change: StackUpdateConflict['change'],
  ) => {
    plan.conflicts.push({ path, reason, change, kept: !force });
    if (!force) return;
    if (change === 'remove') plan.remove.push(path);
    else plan.write[path] = rendered[path];
  };

  const write = (path: string, list: string[]) => {
    plan.write[path] = rendered[path];
    list.push(path);
  };

  for (const path of Object.keys(rendered).sort()) {
    const now = current[path];
    const last = record?.files[path];
    const next = tracked[path] ?? gitBlobSha(rendered[path]);
    if (now === next) {
      plan.unchanged.push(path);
    } else if (!(path in tracked)) {
      write(path, now === undefined ? plan.added : plan.changed);
    } else if (last === undefined) {
      if (now === undefined) write(path, plan.added);
      else if (record) conflict(path, 'untracked', 'add');
      else conflict(path, 'unrecorded', 'update');
    } else if (last === now) {
      write(path, plan.changed);
    } else if (last === next && !force) {
      plan.edited.push(path);
    } else {
      conflict(path, now === undefined ? 'deleted' : 'edited', 'update');
    }
  }

  for (const [path, last] of Object.entries(record?.files ?? {}).sort()) {
    if (path in rendered || current[path] === undefined) continue;
    if (current[path] === last) {
      plan.remove.push(path);
      plan.removed.push(path);
    } else {
      conflict(path, 'edited', 'remove');
    }
  }
  plan.remove.sort();
  plan.conflicts.sort((left, right) => (left.path < right.path ? -1 : 1));
  return plan;
}

const CHANGE_WORDS: Record<StackUpdateConflict['change'], string> = {
  add: 'would add it',
  update: 'changes it',
  remove: 'no longer has it',
};

/**
 * One line on why a conflicting file is kept, for the CLI report and the upgrade pull request.
 *
 * @public
 */
export function describeStackUpdateConflict(
  conflict: StackUpdateConflict,
): string {
  switch (conflict.reason) {
    case 'edited':
      return `edited by hand since the last render; the new render ${
        CHANGE_WORDS[conflict.change]
      }`;
    case 'deleted':
      return 'deleted since the last render; the new render changes it';
    case 'untracked':
      return 'not written by Skyforge; the new render would add a file here';
    default:
      return 'differs from the new render, and without a render record a hand edit cannot be told from older renderer output';
  }
}
