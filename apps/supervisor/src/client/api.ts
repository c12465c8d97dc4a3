// Typed calls of the gateway's REST API (/api/v1) from the browser. The session cookie (HttpOnly, set
// by POST /api/v1/login) carries the token; a 401 sends the user to the login page.
import type { ApiError } from '../shared/api';

export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly where?: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Where to go when the session is missing or expired (the login page returns to the current page). */
export function loginUrl(current: string): string {
  return `/login?next=${encodeURIComponent(current)}`;
}

export async function apiCall<T>(method: Method, path: string, body?: unknown, init: { signal?: AbortSignal } = {}): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: init.signal,
  });
  if (res.status === 401 && typeof window !== 'undefined' && !window.location.pathname.startsWith('/login')) {
    window.location.assign(loginUrl(window.location.pathname + window.location.search));
  }
  if (!res.ok) {
    let err: ApiError = { error: `${method} ${path}: HTTP ${res.status}` };
    try {
      err = (await res.json()) as ApiError;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiCallError(res.status, err.error, err.where);
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

export const api = {
  get: <T>(path: string, init?: { signal?: AbortSignal }) => apiCall<T>('GET', path, undefined, init),
  post: <T>(path: string, body?: unknown) => apiCall<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => apiCall<T>('PUT', path, body),
  del: <T>(path: string) => apiCall<T>('DELETE', path),
};

export async function login(token: string): Promise<void> {
  await apiCall<void>('POST', '/login', { token });
}

export async function logout(): Promise<void> {
  await apiCall<void>('POST', '/logout');
}
