/** A mistake in how the CLI was called or what it was pointed at; exit code 2. */
export class UsageError extends Error {}
