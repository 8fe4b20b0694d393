/**
 * One catalogue of coded errors. Codes are stable and never reused; the HTTP layer renders any
 * HeraldError as { error: { code, message } } with its status.
 */
export const ErrorCodes = {
  VALIDATION: { code: 'HERALD_VALIDATION', status: 400 },
  BAD_JSON: { code: 'HERALD_BAD_JSON', status: 400 },
  BAD_REQUEST: { code: 'HERALD_BAD_REQUEST', status: 400 },
  UNAUTHORIZED: { code: 'HERALD_UNAUTHORIZED', status: 401 },
  TOKEN_EXPIRED: { code: 'HERALD_TOKEN_EXPIRED', status: 401 },
  BAD_CREDENTIALS: { code: 'HERALD_BAD_CREDENTIALS', status: 401 },
  BAD_SIGNATURE: { code: 'HERALD_BAD_SIGNATURE', status: 401 },
  FORBIDDEN: { code: 'HERALD_FORBIDDEN', status: 403 },
  PASSWORD_LOGIN_DISABLED: { code: 'HERALD_PASSWORD_LOGIN_DISABLED', status: 403 },
  NOT_FOUND: { code: 'HERALD_NOT_FOUND', status: 404 },
  ROUTE_NOT_FOUND: { code: 'HERALD_ROUTE_NOT_FOUND', status: 404 },
  CONFLICT: { code: 'HERALD_CONFLICT', status: 409 },
  INVALID_STATE: { code: 'HERALD_INVALID_STATE', status: 409 },
  /** A password-reset or invitation link that expired, was used already or never existed. */
  INVALID_LINK: { code: 'HERALD_INVALID_LINK', status: 410 },
  PAYLOAD_TOO_LARGE: { code: 'HERALD_PAYLOAD_TOO_LARGE', status: 413 },
  URI_TOO_LONG: { code: 'HERALD_URI_TOO_LONG', status: 414 },
  UNSUPPORTED_MEDIA_TYPE: { code: 'HERALD_UNSUPPORTED_MEDIA_TYPE', status: 415 },
  UNPROCESSABLE: { code: 'HERALD_UNPROCESSABLE', status: 422 },
  UNSAFE_URL: { code: 'HERALD_UNSAFE_URL', status: 422 },
  IDEMPOTENCY_MISMATCH: { code: 'HERALD_IDEMPOTENCY_MISMATCH', status: 422 },
  IDEMPOTENCY_IN_PROGRESS: { code: 'HERALD_IDEMPOTENCY_IN_PROGRESS', status: 409 },
  RATE_LIMITED: { code: 'HERALD_RATE_LIMITED', status: 429 },
  INTERNAL: { code: 'HERALD_INTERNAL', status: 500 },
  NOT_READY: { code: 'HERALD_NOT_READY', status: 503 },
  NOT_CONFIGURED: { code: 'HERALD_NOT_CONFIGURED', status: 503 },
} as const;

export type ErrorKind = keyof typeof ErrorCodes;

export class HeraldError extends Error {
  override name = 'HeraldError';
  readonly code: string;
  readonly status: number;
  /** Sent as Retry-After (429, 503). */
  readonly retryAfterS: number | undefined;
  constructor(kind: ErrorKind, message: string, opts: { retryAfterS?: number } = {}) {
    super(message);
    this.code = ErrorCodes[kind].code;
    this.status = ErrorCodes[kind].status;
    this.retryAfterS = opts.retryAfterS;
  }
}

/** The response body of an error: the only shape any error leaves the server in. */
export function errorBody(err: HeraldError): { error: { code: string; message: string } } {
  return { error: { code: err.code, message: err.message } };
}

export const notFound = (what: string) => new HeraldError('NOT_FOUND', `${what} was not found.`);
export const forbidden = (message = 'Your role may not do this.') => new HeraldError('FORBIDDEN', message);
export const invalid = (message: string) => new HeraldError('VALIDATION', message);
