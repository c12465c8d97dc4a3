import { Type } from 'typebox';
import { clearedSessionCookie, sessionCookie, tokenMatches } from './auth';
import { ApiFailure, type Route } from './route';

/** Login and logout: the only routes that handle the token itself. */
export function sessionRoutes(token: string): Route[] {
  return [
    {
      method: 'POST',
      path: '/login',
      summary: 'Exchange the access token for an HttpOnly session cookie',
      tag: 'session',
      public: true,
      successStatus: 204,
      body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 4096 }) }, { additionalProperties: false }),
      handler: async (req) => {
        const given = (req.body as { token: string }).token;
        if (!tokenMatches(given, token)) throw new ApiFailure(401, 'wrong token', '/token');
        return { status: 204, headers: { 'set-cookie': sessionCookie(token, false) } };
      },
    },
    {
      method: 'POST',
      path: '/logout',
      summary: 'Clear the session cookie',
      tag: 'session',
      public: true,
      successStatus: 204,
      handler: async () => ({ status: 204, headers: { 'set-cookie': clearedSessionCookie() } }),
    },
  ];
}
