import type { KustomizeFile, KustomizePatch } from './kustomizeFiles';

/** What a cloud component adds to the base: objects, patches, and why. */
export interface CloudComponent {
  comment: readonly string[];
  resources: readonly KustomizeFile[];
  patches: readonly KustomizePatch[];
}
