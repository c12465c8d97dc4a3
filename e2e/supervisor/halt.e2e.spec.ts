import { launchBrowser, logIn, screenshot, startStack, until, type Browser, type Stack } from './harness';

jest.setTimeout(20 * 60_000);

describe('the global kill switch in Chromium: halt from Orders & risk, seen on the board, cleared', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    await logIn(browser.page, stack, '/orders');
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('halts behind a confirmation; the banner shows on every page and the risk node turns red', async () => {
    const { page } = browser;
    await until('the kill switch to show the live state', async () => (await page.getByTestId('halt-state').textContent()) === 'TRADING' || undefined, 60_000);
    // Orders are listed at their bars' time (the demo replays bars of 2022, or from 2024 without
    // ../shared), as the charts place them, not at the wall-clock time they arrived.
    await until('a demo order in the list', async () => (await page.getByTestId('order-event-time').count()) > 0 || undefined, 90_000);
    const eventTime = (await page.getByTestId('order-event-time').first().textContent()) ?? '';
    expect(eventTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(eventTime.slice(0, 10)).not.toBe(new Date().toISOString().slice(0, 10));
    // The demo's limits with their usage from the live P&L: the portfolio's, then each strategy's
    // daily drawdown once it has traded.
    await until('the demo limits with their usage', async () => (await page.getByTestId('risk-limit').count()) === 6 || undefined, 90_000);
    expect(await page.getByTestId('risk-limit').allTextContents()).toEqual([
      expect.stringMatching(/^maxGrossExposureMultiple[\d.]+ \/ 2 · \d+%$/),
      expect.stringMatching(/^portfolioDrawdown\.reduceOnlyAtPct[\d.]+ \/ 5 · \d+%$/),
      expect.stringMatching(/^portfolioDrawdown\.haltAtPct[\d.]+ \/ 10 · \d+%$/),
      expect.stringMatching(/^portfolioDrawdown\.liquidateAtPct[\d.]+ \/ 15 · \d+%$/),
      expect.stringMatching(/^mean-reversion: drawdown\.liquidateAtPct \(UTC day\)[\d.]+ \/ 5 · \d+%$/),
      expect.stringMatching(/^sma-cross: drawdown\.liquidateAtPct \(UTC day\)[\d.]+ \/ 5 · \d+%$/),
    ]);
    await page.getByRole('button', { name: 'HALT ALL TRADING' }).click();
    const dialog = page.getByRole('dialog', { name: 'confirm halt' });
    await dialog.waitFor();
    await dialog.getByLabel(/Reason/).fill('e2e drill');
    const sent = Date.now();
    await dialog.getByRole('button', { name: 'Halt now' }).click();
    await page.getByTestId('halt-banner').waitFor({ timeout: 10_000 });
    const tookMs = Date.now() - sent;
    expect(await page.getByTestId('halt-banner').textContent()).toContain('e2e drill');
    expect(await page.getByTestId('halt-state').textContent()).toBe('HALTED');
    await screenshot(page, 'halt-orders');
    process.stdout.write(`halt visible in the browser ${tookMs} ms after the click\n`);

    await page.getByRole('link', { name: 'Board', exact: true }).click();
    await page.getByTestId('halt-banner').waitFor({ timeout: 10_000 });
    const risk = page.locator('[data-testid="node-risk-gate-main"]');
    // Flagged HALTED while its leader keeps heartbeating (red for the halt, not for a dead gate).
    await until('the risk node to be flagged HALTED with a live leader', async () => {
      const text = (await risk.textContent()) ?? '';
      return (text.includes('HALTED: e2e drill') && !text.includes('no heartbeat') && !text.includes('no leader')) || undefined;
    }, 30_000);
    expect(await risk.getAttribute('data-status')).toBe('error');
    await screenshot(page, 'halt-board');
  });

  it('clears the halt: the banner goes and the risk node is green again', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Orders & risk', exact: true }).click();
    await page.getByRole('button', { name: 'Clear halt' }).click();
    const dialog = page.getByRole('dialog', { name: 'confirm clear halt' });
    await dialog.getByRole('button', { name: 'Clear halt' }).click();
    await until('the banner to go', async () => (await page.getByTestId('halt-banner').count()) === 0 || undefined, 10_000);
    expect(await page.getByTestId('halt-state').textContent()).toBe('TRADING');
    await page.getByRole('link', { name: 'Board', exact: true }).click();
    await until('the risk node to be green', async () => (await page.getAttribute('[data-testid="node-risk-gate-main"]', 'data-status')) === 'healthy' || undefined, 30_000);
    expect(await page.locator('[data-testid="node-risk-gate-main"]').textContent()).not.toContain('HALTED');
    await screenshot(page, 'halt-cleared-board');
  });
});
