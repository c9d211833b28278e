import { InputError } from '@backstage/errors';
import {
  stackSpecFromFields,
  validateStackSpec,
  type StackSpec,
} from '@skyforge/stack-renderer';
import { STACK_INPUT_FIELDS, type StackInput } from './stackInputSchema';

/**
 * Turns an action's input into a validated StackSpec: either the whole `spec` object or the
 * individual fields, mapped by the renderer's `stackSpecFromFields` exactly as the wizard's cost
 * preview and the CLI map them. Throws `InputError` naming every bad field and the rule it breaks.
 */
export function parseStackInput(input: StackInput): StackSpec {
  const fields = STACK_INPUT_FIELDS.filter(
    field => field !== 'spec' && input[field] !== undefined,
  );
  if (input.spec === undefined) {
    const result = stackSpecFromFields(input);
    if (result.success) return result.spec;
    throw new InputError(
      `Invalid stack: ${result.issues
        .map(issue =>
          issue.field === issue.path
            ? `${issue.path}: ${issue.message}`
            : `${issue.path}: ${issue.message} (input "${issue.field}")`,
        )
        .join('; ')}`,
    );
  }
  if (fields.length > 0) {
    throw new InputError(
      `Invalid stack input: give either "spec" or the individual fields, not both (also got ${fields
        .map(field => `"${field}"`)
        .join(', ')})`,
    );
  }
  const result = validateStackSpec(input.spec);
  if (!result.success) {
    throw new InputError(
      `Invalid stack in input "spec": ${result.issues
        .map(issue => `${issue.path}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  return result.spec;
}
