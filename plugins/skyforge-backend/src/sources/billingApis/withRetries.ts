/** How often and how long a billing API call is retried. */
export interface RetryPolicy {
  /** Attempts in all, the first included. Default 6. */
  maxAttempts: number;
  /** The first back-off; each further one doubles, with full jitter. Default 1 s. */
  baseDelayMs: number;
  /** The longest wait between attempts, whatever the API asks. Default 60 s. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
};

/** What a failed call means for the next attempt. */
export interface RetryDecision {
  retry: boolean;
  /** The wait the API asked for (Retry-After and friends), if any. */
  afterMs?: number;
}

/** Waits, unless aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: NodeJS.Timeout | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** HTTP statuses worth another attempt: throttling, timeouts and server errors. */
export function isRetryableStatus(status: number | undefined): boolean {
  return (
    status === 408 ||
    status === 429 ||
    (status !== undefined && status >= 500 && status !== 501)
  );
}

/** Network failures worth another attempt. */
export function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return (
    typeof code === 'string' &&
    [
      'ECONNRESET',
      'ECONNREFUSED',
      'ETIMEDOUT',
      'EPIPE',
      'EAI_AGAIN',
      'UND_ERR_SOCKET',
    ].includes(code)
  );
}

/**
 * Calls `call` until it succeeds, retrying what `classify` calls retryable: after the wait the
 * API asked for, else after an exponential back-off with full jitter (so many replicas or sources
 * do not retry in step). Gives up after `policy.maxAttempts`, rethrowing the last error with the
 * number of attempts; never retries after `signal` aborts.
 */
export async function withRetries<T>(options: {
  what: string;
  call: (attempt: number) => Promise<T>;
  classify: (error: unknown) => RetryDecision;
  policy?: Partial<RetryPolicy>;
  signal?: AbortSignal;
  /** For tests: how waiting happens. */
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onRetry?: (info: {
    attempt: number;
    delayMs: number;
    error: unknown;
  }) => void;
}): Promise<T> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const wait = options.wait ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await options.call(attempt);
    } catch (error) {
      options.signal?.throwIfAborted();
      const decision = options.classify(error);
      if (!decision.retry || attempt >= policy.maxAttempts) {
        const message = (error as Error)?.message ?? String(error);
        const failure = new Error(
          attempt > 1
            ? `${options.what} failed after ${attempt} attempts: ${message}`
            : `${options.what} failed: ${message}`,
        );
        failure.name = (error as Error)?.name ?? 'Error';
        throw failure;
      }
      const backoff = Math.random() * policy.baseDelayMs * 2 ** (attempt - 1);
      const delayMs = Math.min(policy.maxDelayMs, decision.afterMs ?? backoff);
      options.onRetry?.({ attempt, delayMs, error });
      await wait(delayMs, options.signal);
    }
  }
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds. */
export function retryAfterMs(
  value: string | null | undefined,
): number | undefined {
  if (!value) {
    return undefined;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
