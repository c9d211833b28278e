/**
 * Runs `work` and, if it throws, rethrows an Error whose message has every secret replaced by
 * `***`. SDK errors sometimes echo request details; configured keys and tokens must never reach
 * the log or the sources API through them. Secrets shorter than 4 characters are left alone
 * (they would blank out ordinary words and are no real secret).
 */
export async function withSecretsRedacted<T>(
  secrets: Array<string | undefined>,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw redactError(error, secrets);
  }
}

/** The error with every secret in its message replaced by `***`. */
export function redactError(
  error: unknown,
  secrets: Array<string | undefined>,
): Error {
  const original = error instanceof Error ? error : new Error(String(error));
  let message = original.message;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) {
      message = message.split(secret).join('***');
    }
  }
  if (message === original.message) {
    return original;
  }
  const redacted = new Error(message);
  redacted.name = original.name;
  return redacted;
}
