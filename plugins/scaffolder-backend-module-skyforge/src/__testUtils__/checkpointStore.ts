/**
 * A `ctx.checkpoint` that behaves like the scaffolder's task runner across runs of one task:
 * the first run executes `fn` and stores its value (`{}` for a void result, as the runner does);
 * a later run with the same store (a retry or a recovered task) returns the stored value and
 * does not call `fn` at all.
 */
export function checkpointStore() {
  const stored = new Map<string, unknown>();
  return {
    keys: () => [...stored.keys()],
    checkpoint: async <T>(options: {
      key: string;
      fn: () => Promise<T> | T;
    }): Promise<T> => {
      if (stored.has(options.key)) return stored.get(options.key) as T;
      const value = await options.fn();
      stored.set(options.key, value ?? {});
      return value;
    },
  };
}
