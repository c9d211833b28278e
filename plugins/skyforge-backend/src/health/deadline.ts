/** A point in time (`performance.now()` milliseconds) by which work must settle, and its length. */
export interface Deadline {
  at: number;
  milliseconds: number;
}

export function deadlineIn(milliseconds: number): Deadline {
  return { at: performance.now() + milliseconds, milliseconds };
}

export class TimeoutError extends Error {
  constructor(milliseconds: number) {
    super(`no answer within ${milliseconds} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * Runs work that honours an AbortSignal, and settles at the deadline even if the work does not
 * stop when aborted (the Kubernetes backend's fetcher takes no signal), so a stuck connection can
 * never hold the caller.
 */
export async function withTimeout<T>(
  deadline: Deadline,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new TimeoutError(deadline.milliseconds);
      controller.abort(error);
      reject(error);
    }, Math.max(0, deadline.at - performance.now()));
  });
  try {
    return await Promise.race([work(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Errors may come from another realm (Node's fetch), where `instanceof Error` does not hold. */
function asError(
  value: unknown,
): { message: string; code?: string; cause?: unknown } | undefined {
  return typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string'
    ? (value as { message: string; code?: string; cause?: unknown })
    : undefined;
}

/** An error in words, with the network cause (`ECONNREFUSED`, ...) that `fetch` hides behind "fetch failed". */
export function describeError(error: unknown): string {
  if (error instanceof TimeoutError) return `timed out: ${error.message}`;
  const outer = asError(error);
  if (!outer) return String(error);
  const cause = asError(outer.cause);
  const causeText = cause ? cause.code ?? cause.message : undefined;
  return causeText && !outer.message.includes(causeText)
    ? `${outer.message} (${causeText})`
    : outer.message;
}
