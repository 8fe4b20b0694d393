/** A thin fetch wrapper: JSON in and out, the login cookie rides along, errors become ApiError. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  /** The route itself does not exist (server older than the portal). */
  get missingRoute(): boolean {
    return this.code === 'HERALD_ROUTE_NOT_FOUND';
  }
}

type Unauthorized = () => void;
let onUnauthorized: Unauthorized = () => {};
/** The app registers this so an expired login anywhere sends the user back to sign-in. */
export function setUnauthorizedHandler(fn: Unauthorized): void {
  onUnauthorized = fn;
}

let workspace: string | null = null;
/** The workspace every call acts in (X-Herald-Workspace); set by the workspace switcher. */
export function setApiWorkspace(id: string | null): void {
  workspace = id;
}

/** Headers that say which workspace a request acts in (the live stream sends them too). */
export function workspaceHeaders(): Record<string, string> {
  return workspace ? { 'x-herald-workspace': workspace } : {};
}

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...workspaceHeaders(),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
    if (res.status === 401 && !path.startsWith('/api/auth/login')) onUnauthorized();
    throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? `The server answered ${res.status}.`);
  }
  return data as T;
}

export const get = <T>(path: string) => api<T>('GET', path);

/** Builds a query string from the set values only. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
