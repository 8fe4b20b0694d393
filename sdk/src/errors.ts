/** A non-2xx answer from Herald, carrying the server's `{error: {code, message}}`. */
export class HeraldApiError extends Error {
  override readonly name = 'HeraldApiError';
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Builds the error from a response body that may not be Herald's (a proxy's HTML 502, say). */
export function apiErrorFrom(status: number, bodyText: string): HeraldApiError {
  try {
    const parsed = JSON.parse(bodyText) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = parsed.error ?? {};
    if (typeof code === 'string') {
      return new HeraldApiError(status, code, typeof message === 'string' ? message : code);
    }
  } catch {
    // not JSON: fall through to a generic error
  }
  return new HeraldApiError(status, 'HERALD_UNEXPECTED_RESPONSE', `Herald answered HTTP ${status}.`);
}

/** True when the thing to remove is already gone, which is what the caller wanted anyway. */
export function isGone(err: unknown): boolean {
  return err instanceof HeraldApiError && err.code === 'HERALD_NOT_FOUND';
}
