import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { launchBrowser, logIn, screenshot, startStack, until, type Browser, type Stack } from './harness';

jest.setTimeout(20 * 60_000);

// The demo services of tools/up, as the board names their nodes (service-node.tsx: node-<service>-<instance>, node-strategy-<id>).
const SERVICES = ['market-data-main', 'indicators-main', 'risk-gate-main', 'order-engine-main', 'paper-exchange-main', 'portfolio-main'];
const STRATEGIES = ['sma-cross', 'mean-reversion'];

describe('supervisor in Chromium: log in, the Control Board shows the running demo', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('tools/up prints the supervisor URL and the token', () => {
    expect(stack.upOutput).toContain(stack.url);
    expect(stack.upOutput).toContain(stack.token);
  });

  it('refuses a wrong token on the login page and stays there', async () => {
    const { page } = browser;
    await page.goto(stack.url);
    await page.waitForURL(/\/login\?next=%2F$/);
    await page.locator('#token').fill('definitely-not-the-token');
    await page.getByRole('button', { name: 'Log in' }).click();
    const alert = page.locator('form[aria-label="log in"] [role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('not right');
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, 'login-refused');
  });

  it('logs in and shows every service of the demo on the Control Board, live and all green', async () => {
    const { page } = browser;
    await logIn(page, stack);
    expect(new URL(page.url()).pathname).toBe('/');
    const wanted = [...SERVICES.map((s) => `node-${s}`), ...STRATEGIES.map((s) => `node-strategy-${s}`)];
    // Every process reports itself healthy (heartbeat status, fresh), as the gateway sees it.
    await until(
      'every demo process to report healthy',
      async () => {
        const res = await fetch(`${stack.url}/api/v1/services`, { headers: { authorization: `Bearer ${stack.token}` } });
        const rows = (await res.json()) as Array<{ service: string; instance: string; stale: boolean; heartbeat: { status: string } }>;
        return rows.length >= wanted.length && rows.every((r) => !r.stale && r.heartbeat.status === 'healthy');
      },
      120_000,
    );
    // The board draws a node per process, and every one turns green. The shell's latency p99 covers
    // the last minute only (libs/nest latency-window.ts), so the start-up catch-up stops counting a
    // minute after it; the deadline leaves room for that on a loaded machine.
    const statuses = await until(
      'every demo node on the board green at once',
      async () => {
        const seen = await page.$$eval('[data-testid^="node-"][data-status]', (els) =>
          Object.fromEntries(els.map((e) => [e.getAttribute('data-testid') ?? '', e.getAttribute('data-status') ?? ''])),
        );
        return wanted.every((id) => seen[id] === 'healthy') ? seen : undefined;
      },
      180_000,
    );
    expect(Object.keys(statuses).sort()).toEqual(expect.arrayContaining([...wanted].sort()));
    expect(Object.entries(statuses).filter(([, s]) => s !== 'healthy')).toEqual([]);
    await screenshot(page, 'board-live');
  });

  it('shows streams, consumers with lag and a dead letter with its reason on the System page', async () => {
    const { page } = browser;
    // A malformed message on a subject the risk gate consumes: it must land in system.dlq.risk-gate.
    const nc = await connect({ servers: stack.natsUrl });
    try {
      await jetstream(nc).publish('strategy.intent.sma-cross', '{"type": "strategy.intent", ');
    } finally {
      await nc.close();
    }
    await page.getByRole('link', { name: 'System', exact: true }).click();
    await page.getByTestId('server-health').waitFor({ timeout: 30_000 });
    const streams = await until('the streams table', async () => {
      const names = await page.$$eval('[data-testid="stream-row"] td:first-child', (els) => els.map((e) => e.textContent ?? ''));
      return names.length > 0 ? names : undefined;
    }, 30_000);
    expect(streams).toEqual(expect.arrayContaining(['MD', 'STRATEGY', 'RISK', 'ORDER', 'PNL', 'SYSTEM']));
    expect(await page.getByTestId('consumer-row').count()).toBeGreaterThan(0);
    const letter = await until('the dead letter to show', async () => {
      await page.reload();
      const rows = await page.$$eval('[data-testid="dlq-row"]', (els) => els.map((e) => e.textContent ?? ''));
      return rows.find((r) => r.includes('malformed-json') && r.includes('strategy.intent.sma-cross'));
    }, 60_000);
    expect(letter).toContain('risk-gate');
    await screenshot(page, 'system');
  });

  it('logs out: back on the login page, and the API refuses the browser until it logs in again', async () => {
    const { page } = browser;
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/);
    const status = await page.evaluate(async () => (await fetch('/api/v1/strategies')).status);
    expect(status).toBe(401);
  });
});
