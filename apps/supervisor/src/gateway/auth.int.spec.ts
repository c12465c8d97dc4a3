import { LiveClient, startTestGateway, TEST_TOKEN, type TestGateway } from '../../spec-support/test-gateway';
import { waitFor } from '@helios/testing-services';
import { MAX_CLIENT_MESSAGE_BYTES } from '../shared/live';

jest.setTimeout(60_000);

describe('supervisor gateway: token, cookie, origin and message size', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ allowedOrigins: ['http://allowed.example:8080'] });
  });
  afterAll(async () => t?.stop());

  it('answers 401 without a token and with a wrong one, naming the way in', async () => {
    const none = await t.api('/api/v1/services', { auth: false });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: expect.stringContaining('/login') });
    const wrong = await t.api('/api/v1/services', { auth: false, headers: { authorization: 'Bearer not-the-token-at-all' } });
    expect(wrong.status).toBe(401);
    const wrongCookie = await t.api('/api/v1/services', { auth: false, headers: { cookie: 'helios_session=nope' } });
    expect(wrongCookie.status).toBe(401);
  });

  it('answers with the bearer token, and healthz without any', async () => {
    expect((await t.api('/api/v1/services')).status).toBe(200);
    const health = await t.api('/api/v1/healthz', { auth: false });
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, nats: 'connected' });
  });

  it('logs in: a wrong token is 401, the right one sets an HttpOnly SameSite=Strict cookie that REST accepts', async () => {
    const bad = await t.api('/api/v1/login', { auth: false, method: 'POST', body: JSON.stringify({ token: 'wrong-token-xxxxxxxx' }) });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('set-cookie')).toBeNull();
    const ok = await t.api('/api/v1/login', { auth: false, method: 'POST', body: JSON.stringify({ token: TEST_TOKEN }) });
    expect(ok.status).toBe(204);
    const cookie = ok.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^helios_session=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const withCookie = await t.api('/api/v1/services', { auth: false, headers: { cookie: cookie.split(';')[0] } });
    expect(withCookie.status).toBe(200);
  });

  it('redirects pages to /login without the token, and lets the login page through', async () => {
    const page = await fetch(`${t.gw.url}/strategies?x=1`, { redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/strategies?x=1')}`);
    const login = await fetch(`${t.gw.url}/login`, { redirect: 'manual' });
    expect(login.status).not.toBe(302);
  });

  it('refuses a WebSocket upgrade from a foreign origin (403) or without the token (401)', async () => {
    const foreign = new LiveClient(t.gw.url, { token: TEST_TOKEN, origin: 'http://evil.example' });
    await expect(foreign.opened).rejects.toThrow('403');
    const anonymous = new LiveClient(t.gw.url, { origin: t.gw.url });
    await expect(anonymous.opened).rejects.toThrow('401');
  });

  it('accepts its own origin with the cookie, and an allow-listed origin', async () => {
    const own = new LiveClient(t.gw.url, { cookie: `helios_session=${TEST_TOKEN}`, origin: t.gw.url });
    await own.opened;
    await waitFor('hello', () => own.messages.find((m) => m.type === 'hello'));
    expect(own.messages[0]).toMatchObject({ type: 'hello', intervalMs: 100 });
    own.close();
    const listed = new LiveClient(t.gw.url, { token: TEST_TOKEN, origin: 'http://allowed.example:8080' });
    await listed.opened;
    listed.close();
  });

  it('answers bad JSON and unknown messages with an error and keeps the socket open', async () => {
    const c = new LiveClient(t.gw.url, { token: TEST_TOKEN, origin: t.gw.url });
    await c.opened;
    c.send('{not json');
    c.send({ type: 'unsubscribe' });
    c.send({ type: 'subscribe', topics: ['heartbeats', 'candles:bad symbol'] });
    const errors = await waitFor('three errors', () => {
      const e = c.messages.filter((m) => m.type === 'error');
      return e.length === 3 ? e : undefined;
    });
    expect(errors[0]).toEqual({ type: 'error', message: expect.stringContaining('not JSON') });
    expect(errors[1]).toEqual({ type: 'error', message: expect.stringContaining('/type') });
    expect(errors[2]).toEqual({ type: 'error', message: expect.stringContaining('/topics/1') });
    expect(c.closed).toBeUndefined();
    c.close();
  });

  it('closes the socket with 1009 when a client message is larger than the cap', async () => {
    const c = new LiveClient(t.gw.url, { token: TEST_TOKEN, origin: t.gw.url });
    await c.opened;
    c.send({ type: 'subscribe', topics: ['heartbeats'], pad: 'x'.repeat(MAX_CLIENT_MESSAGE_BYTES) });
    const closed = await waitFor('the close', () => c.closed);
    expect(closed.code).toBe(1009);
  });
});
