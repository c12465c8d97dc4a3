import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Page } from 'playwright-core';
import { launchBrowser, logIn, screenshot, startStack, until, type Browser, type Stack } from './harness';

jest.setTimeout(20 * 60_000);

const nodeStatus = (page: Page, testId: string) => page.getAttribute(`[data-testid="${testId}"]`, 'data-status');
const badge = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"] [data-testid="pnl-badge"]`).textContent({ timeout: 5000 });

describe('Control Board in Chromium: live edges and P&L, stopping one strategy from its panel', () => {
  let stack: Stack;
  let browser: Browser;
  let nc: NatsConnection;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    nc = await connect({ servers: stack.natsUrl });
    await logIn(browser.page, stack);
    await until('both strategies green', async () => (await nodeStatus(browser.page, 'node-strategy-sma-cross')) === 'healthy' && (await nodeStatus(browser.page, 'node-strategy-mean-reversion')) === 'healthy', 120_000);
  });
  afterAll(async () => {
    await nc?.close();
    await browser?.close();
    await stack?.stop();
  });

  it('animates the edges that carry data, at a speed from their rate', async () => {
    const { page } = browser;
    const edge = '[data-testid="edge-feed:main->strategy:sma-cross"]';
    await until('the candle edge to the strategy to be active', async () => (await page.getAttribute(edge, 'data-active')) === 'true', 60_000);
    const path = page.locator(`${edge} path.react-flow__edge-path`);
    const style = await path.evaluate((el) => {
      const cs = (el.ownerDocument.defaultView as unknown as { getComputedStyle: (e: unknown) => { animationName: string; animationDuration: string; strokeDasharray: string } }).getComputedStyle(el);
      return { name: cs.animationName, duration: parseFloat(cs.animationDuration), dash: cs.strokeDasharray };
    });
    expect(style.name).toBe('helios-dash');
    expect(style.duration).toBeGreaterThan(0);
    expect(style.dash).not.toBe('none');
    expect(Number(await page.getAttribute(edge, 'data-rate'))).toBeGreaterThan(0);
    // Candles flow every second; intents, orders and fills only on signals: wait for a moment with
    // traffic on at least four edges at once rather than sampling one instant.
    const active = await until(
      'at least four edges active at once',
      async () => {
        const n = await page.$$eval('[data-testid^="edge-"][data-active="true"]', (els) => els.length);
        return n >= 4 ? n : undefined;
      },
      120_000,
    );
    expect(active).toBeGreaterThanOrEqual(4);
    await screenshot(page, 'board-animated-edges');
  });

  it('updates the P&L badges of the strategies and the risk gate while the demo trades', async () => {
    const { page } = browser;
    const first = await until('a P&L badge on the risk gate', () => badge(page, 'node-risk-gate-main').catch(() => undefined), 120_000);
    const firstStrategy = await until('a P&L badge on sma-cross', () => badge(page, 'node-strategy-sma-cross').catch(() => undefined), 120_000);
    expect(first).toMatch(/^[+-]?\$[0-9.,k]+$/);
    const changed = await until('the risk gate P&L badge to change', async () => {
      const now = await badge(page, 'node-risk-gate-main');
      return now !== first ? now : undefined;
    }, 180_000);
    expect(changed).not.toBe(first);
    await until('the sma-cross P&L badge to change', async () => ((await badge(page, 'node-strategy-sma-cross')) !== firstStrategy ? true : undefined), 180_000);
    await screenshot(page, 'board-pnl-badges');
  });

  it('stops mean-reversion from its panel: its process stops, sma-cross keeps heartbeating', async () => {
    const { page } = browser;
    await page.locator('[data-testid="node-strategy-mean-reversion"]').click();
    const panel = page.getByRole('complementary', { name: 'mean-reversion panel' });
    await panel.waitFor();
    // The panel's config form is the strategy definition.
    await panel.getByLabel('timeframe', { exact: false }).first().waitFor({ timeout: 30_000 });

    const stoppedBeat = new Promise<string>((resolve) => {
      const sub = nc.subscribe('system.heartbeat.strategy-runner.mean-reversion');
      void (async () => {
        for await (const m of sub) {
          const status = (m.json() as { payload: { status: string } }).payload.status;
          if (status === 'stopped') {
            sub.unsubscribe();
            resolve(status);
          }
        }
      })();
    });
    await panel.getByRole('button', { name: 'Stop' }).click();
    await until('the stop to be accepted', async () => ((await panel.getByRole('status').textContent()) ?? '').includes('stop sent to strategy-runner/mean-reversion') || undefined, 30_000);
    expect(await stoppedBeat).toBe('stopped');
    await until('the mean-reversion node to turn grey', async () => (await nodeStatus(page, 'node-strategy-mean-reversion')) === 'stopped' || undefined, 30_000);

    // After its last ("stopped") beat the process sends nothing more, while sma-cross keeps beating.
    const counts = { 'mean-reversion': 0, 'sma-cross': 0 };
    const sub = nc.subscribe('system.heartbeat.strategy-runner.*');
    const counting = (async () => {
      for await (const m of sub) {
        const instance = m.subject.split('.').at(-1) as keyof typeof counts;
        if (instance in counts) counts[instance] += 1;
      }
    })();
    await until('three more sma-cross heartbeats', () => counts['sma-cross'] >= 3 || undefined, 60_000);
    sub.unsubscribe();
    await counting;
    expect(counts['mean-reversion']).toBe(0);
    for (const id of ['node-strategy-sma-cross', 'node-risk-gate-main', 'node-order-engine-main', 'node-market-data-main']) expect(await nodeStatus(page, id)).toBe('healthy');
    await screenshot(page, 'board-strategy-stopped');
  });
});
