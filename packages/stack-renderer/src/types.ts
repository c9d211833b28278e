/**
 * A rendered repository: file path (POSIX, relative) → file content.
 *
 * @public
 */
export type FileTree = Record<string, string>;

/**
 * The result of rendering a StackSpec.
 *
 * @public
 */
export interface RenderResult {
  /** Files sorted by path. */
  files: FileTree;
  /** Things the user should know that do not stop the render, e.g. a GPU pool in a region without GPUs. */
  warnings: string[];
}
