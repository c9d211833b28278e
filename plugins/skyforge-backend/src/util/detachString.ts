/**
 * A copy of `text` that does not keep alive the larger string it was cut from.
 *
 * @remarks
 *
 * V8 represents a substring of 13 or more characters (from `slice`, a regular-expression capture
 * and so on) as a view into its parent string, so one value kept in a cache or an aggregate keeps
 * the whole 64 KiB piece of a CSV file it came from in memory. Concatenating makes a new string,
 * and slicing that (V8 flattens it first) leaves a view into the new, short string instead.
 */
export function detachString(text: string): string {
  return ` ${text}`.slice(1);
}
