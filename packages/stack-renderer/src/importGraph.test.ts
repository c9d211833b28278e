import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The renderer's own import graph (source files, tests left out), read from the import and
 * export statements: a cycle, even one through `import type`, or an import against the
 * direction of the layers below fails here, naming the files.
 */
const SRC = __dirname;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap(entry => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      return entry.name === '__golden__' ? [] : sourceFiles(path);
    }
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)
      ? [path]
      : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  return [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find(path =>
    existsSync(path),
  );
}

/** Every relative `import … from` / `export … from` of each file, type-only ones included. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets = [
      ...text.matchAll(/^(?:import|export)\b[^;]*?from '(\.[^']+)';/gms),
    ].flatMap(match => resolveImport(file, match[1]) ?? []);
    graph.set(relative(SRC, file), [
      ...new Set(targets.map(target => relative(SRC, target))),
    ]);
  }
  return graph;
}

/** The strongly connected components with more than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

/** Folders that must not import from each other in this direction. */
const FORBIDDEN_ARROWS: ReadonlyArray<readonly [string, string]> = [
  // The repository files describe the manifests; the manifests never read the repository.
  ['kustomize', 'repository'],
  // The registry and the spec are read by everything else and read nothing of it.
  ['services', 'repository'],
  ['services', 'kustomize'],
  ['spec', 'repository'],
  ['spec', 'kustomize'],
  ['spec', 'terraform'],
];

describe('the renderer import graph', () => {
  const graph = importGraph();

  it('reads the source files it guards', () => {
    expect(graph.get('renderStack.ts')).toContain('types.ts');
    expect(graph.size).toBeGreaterThan(100);
  });

  it('finds a cycle where there is one', () => {
    const twoFiles = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['a.ts']],
    ]);
    expect(cycles(twoFiles)).toEqual([['a.ts', 'b.ts']]);
  });

  it('has no import cycle, type-only imports included', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it.each(FORBIDDEN_ARROWS)('has no %s → %s import', (from, to) => {
    const arrows = [...graph].flatMap(([file, targets]) =>
      file.startsWith(`${from}/`)
        ? targets
            .filter(target => target.startsWith(`${to}/`))
            .map(target => `${file} → ${target}`)
        : [],
    );
    expect(arrows).toEqual([]);
  });
});
