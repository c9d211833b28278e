import { InputError } from '@backstage/errors';
import type { z } from 'zod';

/** Parses path or query parameters; a failure is an InputError naming the parameter and the rule. */
export function parseRequest<T>(
  schema: z.ZodType<T>,
  value: unknown,
  what: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue.path.join('.') || what;
    throw new InputError(`Invalid ${what} '${name}': ${issue.message}`);
  }
  return result.data;
}
