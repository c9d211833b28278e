import type { Config } from '@backstage/config';
import type {
  CostSource,
  CostSourceType,
  CostSourceTypeContext,
} from '@skyforge/plugin-skyforge-node';

/**
 * Cost source types by their `type` key. The built-in types and those added by backend modules
 * through `skyforgeCostSourcesExtensionPoint` register the same way.
 */
export class CostSourceTypeRegistry {
  readonly #types = new Map<string, CostSourceType>();

  constructor(types: CostSourceType[] = []) {
    types.forEach(sourceType => this.add(sourceType));
  }

  add(sourceType: CostSourceType): void {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(sourceType.type)) {
      throw new Error(
        `Invalid cost source type '${sourceType.type}': use lower-case letters, digits and dashes`,
      );
    }
    if (this.#types.has(sourceType.type)) {
      throw new Error(
        `Cost source type '${sourceType.type}' is registered twice`,
      );
    }
    this.#types.set(sourceType.type, sourceType);
  }

  get(type: string): CostSourceType | undefined {
    return this.#types.get(type);
  }

  get keys(): string[] {
    return [...this.#types.keys()].sort();
  }
}

/**
 * Builds the sources configured under `skyforge.cost.sources` through their types, and appends
 * the ready-made sources added by modules. Ids must be unique: each keys its own stored rows. An
 * invalid entry stops the backend with an error naming the entry and the option.
 */
export function createCostSources(options: {
  config: Config;
  types: CostSourceTypeRegistry;
  context: CostSourceTypeContext;
  additionalSources?: CostSource[];
}): CostSource[] {
  const entries =
    options.config.getOptionalConfigArray('skyforge.cost.sources') ?? [];
  const configured = entries.map((entry, index) => {
    const where = `skyforge.cost.sources[${index}]`;
    const id = entry.getOptionalString('id') ?? '';
    const type = entry.getString('type');
    const sourceType = options.types.get(type);
    if (!sourceType) {
      throw new Error(
        `Unknown cost source type '${type}' at ${where} (id '${id}'); known types: ${options.types.keys.join(
          ', ',
        )} (modules add others through skyforgeCostSourcesExtensionPoint)`,
      );
    }
    try {
      return sourceType.fromConfig(entry, options.context);
    } catch (error) {
      throw new Error(
        `Invalid cost source at ${where} (id '${id}', type '${type}'): ${
          (error as Error).message
        }`,
      );
    }
  });
  const sources = [...configured, ...(options.additionalSources ?? [])];
  const seen = new Set<string>();
  for (const source of sources) {
    if (seen.has(source.id)) {
      throw new Error(`Duplicate cost source id '${source.id}'`);
    }
    seen.add(source.id);
  }
  return sources;
}
