import { stringify } from 'yaml';
import type { StackSpec } from '../spec/stackSpec';

/** The TechDocs pages, in navigation order: title → path under `docs/`. */
export const DOCS_PAGES: ReadonlyArray<readonly [string, string]> = [
  ['Overview', 'index.md'],
  ['Architecture', 'architecture.md'],
  ['Operations', 'operations.md'],
  ['Local stack', 'local-stack.md'],
];

/** `mkdocs.yml` for TechDocs (`backstage.io/techdocs-ref: dir:.`). */
export function renderMkdocsConfig(spec: StackSpec): string {
  const config = {
    site_name: spec.metadata.name,
    site_description:
      spec.metadata.description ??
      `Infrastructure and operations of ${spec.metadata.name}`,
    nav: DOCS_PAGES.map(([title, path]) => ({ [title]: path })),
    plugins: ['techdocs-core'],
  };
  return stringify(config, { lineWidth: 0, aliasDuplicateObjects: false });
}
