import type { FileTree } from '../types';
import { gitBlobSha } from './gitBlobSha';
import { planStackUpdate } from './planStackUpdate';
import {
  readRenderRecord,
  RENDER_RECORD_PATH,
  renderRenderRecord,
} from './renderRecord';

/** A render as renderStack returns it: the files, skyforge.yaml and the record of both. */
function render(files: FileTree, spec = 'name: ledger\n'): FileTree {
  const tree = { ...files, 'skyforge.yaml': spec };
  return { ...tree, [RENDER_RECORD_PATH]: renderRenderRecord(tree) };
}

/** Path → blob id of a repository's files. */
function ids(tree: FileTree): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree).map(([path, content]) => [path, gitBlobSha(content)]),
  );
}

const older = render({
  'README.md': 'readme v1\n',
  Makefile: 'make v1\n',
  'docs/index.md': 'docs v1\n',
  'infra/old.tf': 'old v1\n',
  'infra/edited-old.tf': 'edited-old v1\n',
  'infra/main.tf': 'main v1\n',
  'infra/data.tf': 'data v1\n',
  'deploy/base.yaml': 'base v1\n',
});
const newer: FileTree = {
  ...render(
    {
      'README.md': 'readme v1\n', // unchanged by the renderer
      Makefile: 'make v2\n', // changed by the renderer, not edited
      'docs/index.md': 'docs v2\n', // changed by the renderer and edited by hand
      'infra/main.tf': 'main v1\n', // unchanged, but deleted by the owner
      'infra/data.tf': 'data v2\n', // changed, but deleted by the owner
      'deploy/base.yaml': 'base v1\n', // unchanged by the renderer, edited by hand
      'infra/network.tf': 'network v2\n', // new
      'infra/extra.tf': 'extra v2\n', // new, but the owner has a file there
    },
    'name: ledger\nsize: large\n',
  ),
  'COST.md': 'cost v2\n',
};

/** The repository after the owner worked on it. */
function ownerRepository(): FileTree {
  const repository: FileTree = {
    ...older,
    'docs/index.md': 'docs v1, with my notes\n',
    'deploy/base.yaml': 'base v1, patched\n',
    'infra/edited-old.tf': 'edited-old v1, patched\n',
    'infra/extra.tf': 'my own\n',
    'notes/mine.md': 'mine\n',
    'COST.md': 'cost v1\n',
  };
  delete repository['infra/main.tf'];
  delete repository['infra/data.tf'];
  return repository;
}

describe('planStackUpdate', () => {
  it('adds every file to an empty directory', () => {
    const plan = planStackUpdate({
      rendered: newer,
      current: {},
      record: undefined,
    });
    expect(plan.write).toEqual(newer);
    expect(plan.added).toEqual(Object.keys(newer).sort());
    expect(plan.conflicts).toEqual([]);
  });

  it('changes nothing in an up-to-date repository', () => {
    const plan = planStackUpdate({
      rendered: newer,
      current: ids(newer),
      record: readRenderRecord(newer[RENDER_RECORD_PATH]),
    });
    expect(plan).toMatchObject({
      write: {},
      remove: [],
      added: [],
      changed: [],
      removed: [],
      conflicts: [],
    });
    expect(plan.unchanged).toEqual(Object.keys(newer).sort());
  });

  it('updates what nobody touched and keeps what the owner edited, deleted or owns', () => {
    const plan = planStackUpdate({
      rendered: newer,
      current: ids(ownerRepository()),
      record: readRenderRecord(older[RENDER_RECORD_PATH]),
    });
    expect(plan.added).toEqual(['infra/network.tf']);
    expect(plan.changed).toEqual([
      '.skyforge/render-record.json',
      'COST.md',
      'Makefile',
      'skyforge.yaml',
    ]);
    expect(plan.removed).toEqual(['infra/old.tf']);
    expect(plan.remove).toEqual(['infra/old.tf']);
    expect(plan.unchanged).toEqual(['README.md']);
    // Edited or deleted by hand, and the renderer has nothing new for them: kept, no conflict.
    expect(plan.edited).toEqual(['deploy/base.yaml', 'infra/main.tf']);
    expect(plan.conflicts).toEqual([
      { path: 'docs/index.md', reason: 'edited', change: 'update', kept: true },
      {
        path: 'infra/data.tf',
        reason: 'deleted',
        change: 'update',
        kept: true,
      },
      {
        path: 'infra/edited-old.tf',
        reason: 'edited',
        change: 'remove',
        kept: true,
      },
      {
        path: 'infra/extra.tf',
        reason: 'untracked',
        change: 'add',
        kept: true,
      },
    ]);
    expect(Object.keys(plan.write).sort()).toEqual([
      '.skyforge/render-record.json',
      'COST.md',
      'Makefile',
      'infra/network.tf',
      'skyforge.yaml',
    ]);
    expect(plan.write.Makefile).toBe('make v2\n');
  });

  it('overwrites and removes conflicting files when forced, listing them', () => {
    const plan = planStackUpdate({
      rendered: newer,
      current: ids(ownerRepository()),
      record: readRenderRecord(older[RENDER_RECORD_PATH]),
      force: true,
    });
    expect(plan.edited).toEqual([]);
    expect(plan.conflicts.map(conflict => conflict.kept)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(plan.remove).toEqual(['infra/edited-old.tf', 'infra/old.tf']);
    expect(plan.write['docs/index.md']).toBe('docs v2\n');
    expect(plan.write['infra/data.tf']).toBe('data v2\n');
    expect(plan.write['infra/extra.tf']).toBe('extra v2\n');
    // Applying the forced plan gives the new render plus the owner's unrelated files.
    const result = { ...ownerRepository(), ...plan.write };
    for (const path of plan.remove) delete result[path];
    expect(result).toEqual({ ...newer, 'notes/mine.md': 'mine\n' });
  });

  it('keeps every differing file of a repository without a record, and removes nothing', () => {
    const legacy = { ...ownerRepository() };
    delete legacy[RENDER_RECORD_PATH];
    const plan = planStackUpdate({
      rendered: newer,
      current: ids(legacy),
      record: undefined,
    });
    expect(plan.added).toEqual([
      '.skyforge/render-record.json',
      'infra/data.tf',
      'infra/main.tf',
      'infra/network.tf',
    ]);
    expect(plan.changed).toEqual(['COST.md', 'skyforge.yaml']);
    expect(plan.removed).toEqual([]);
    expect(plan.conflicts).toEqual(
      ['Makefile', 'deploy/base.yaml', 'docs/index.md', 'infra/extra.tf'].map(
        path => ({ path, reason: 'unrecorded', change: 'update', kept: true }),
      ),
    );
  });
});
