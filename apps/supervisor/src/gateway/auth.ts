import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The session cookie: the token itself, HttpOnly and SameSite=Strict (no other site can send it). */
export const SESSION_COOKIE = 'helios_session';

/**
 * Constant-time comparison. Both sides are hashed first so the comparison never leaks the token's
 * length (timingSafeEqual needs equal lengths and would otherwise have to return early).
 */
export function tokenMatches(candidate: string | undefined, token: string): boolean {
  if (candidate === undefined) return false;
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      out.set(name, decodeURIComponent(raw));
    } catch {
      out.set(name, raw);
    }
  }
  return out;
}

/** The token a request presents: `Authorization: Bearer <token>` first, else the session cookie. */
export function presentedToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m ? m[1] : undefined;
  }
  return parseCookies(req.headers.cookie).get(SESSION_COOKIE);
}

export function isAuthorized(req: IncomingMessage, token: string): boolean {
  return tokenMatches(presentedToken(req), token);
}

export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}

/**
 * A WebSocket upgrade is a cross-origin hole unless the Origin is checked (browsers send cookies on
 * upgrades from any site). Allowed: the server's own origin (from the Host header the browser used)
 * and the configured allow-list. A missing Origin (a non-browser client) must present the token in
 * the Authorization header instead of a cookie; that is checked by the caller.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  const own = host === undefined ? [] : [`http://${host}`, `https://${host}`];
  return own.includes(origin) || allowed.includes(origin);
}
