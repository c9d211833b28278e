import type { AuthService } from '@backstage/backend-plugin-api';
import {
  type Entity,
  RELATION_PARENT_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** How long the catalog's group tree is reused before it is read again. */
const DEFAULT_TTL_MS = 60_000;

/**
 * The catalog's Group tree (`spec.parent` / `spec.children`, as `parentOf` relations), read with
 * the permission plugin's own service credentials and reused for a minute, so a policy decision
 * costs no catalog call most of the time.
 */
export class GroupHierarchy {
  #children?: Promise<Map<string, string[]>>;
  #readAt = 0;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  /** The groups below any of `groupRefs`, at any depth, not including them; each once. */
  async descendantsOf(groupRefs: string[]): Promise<string[]> {
    const children = await this.#childrenByGroup();
    const seen = new Set(groupRefs);
    const result: string[] = [];
    const queue = [...groupRefs];
    while (queue.length > 0) {
      for (const child of children.get(queue.shift()!) ?? []) {
        if (!seen.has(child)) {
          seen.add(child);
          result.push(child);
          queue.push(child);
        }
      }
    }
    return result;
  }

  #childrenByGroup(): Promise<Map<string, string[]>> {
    const now = (this.options.now ?? Date.now)();
    if (
      !this.#children ||
      now - this.#readAt > (this.options.ttlMs ?? DEFAULT_TTL_MS)
    ) {
      this.#readAt = now;
      this.#children = this.#read();
      // A failed read is not kept: the next decision tries again.
      this.#children.catch(() => {
        this.#children = undefined;
      });
    }
    return this.#children;
  }

  async #read(): Promise<Map<string, string[]>> {
    const { catalog, auth } = this.options;
    const { items } = await catalog.getEntities(
      {
        filter: { kind: 'Group' },
        fields: ['kind', 'metadata.name', 'metadata.namespace', 'relations'],
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    return new Map(
      items.map((group: Entity) => [
        stringifyEntityRef(group),
        (group.relations ?? [])
          .filter(relation => relation.type === RELATION_PARENT_OF)
          .map(relation => relation.targetRef),
      ]),
    );
  }
}
