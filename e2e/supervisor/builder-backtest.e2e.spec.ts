import type { Page } from 'playwright-core';
import { launchBrowser, logIn, screenshot, startStack, until, type Browser, type Stack } from './harness';

jest.setTimeout(20 * 60_000);

// The idea phase of PRODUCT.md: a template onto the builder canvas, a backtest on a real data file, the
// result inline, the run in the runs list and its detail page, a re-run compared with it, and the
// strategy deployed to paper from the builder.
describe('supervisor in Chromium: build a strategy from a template, backtest it, find the run', () => {
  let stack: Stack;
  let browser: Browser;
  let runId: string;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('drags the mean-reversion template onto the canvas: its blocks and links appear, the expressions match', async () => {
    const { page } = browser;
    await logIn(page, stack, '/builder');
    expect(new URL(page.url()).pathname).toBe('/builder');
    // An empty canvas is a starting point, not a schema error.
    expect(await page.getByTestId('graph-status').textContent()).toBe('empty canvas: drag a template or blocks onto it, or write the expressions');
    expect(await page.getByTestId('graph-issues').count()).toBe(0);
    expect(await page.getByTestId('expression-view').textContent()).not.toContain('no expression form');
    expect(await page.getByText('Put a strategy on the canvas to run a backtest.').count()).toBe(1);
    await page.getByTestId('template-mean-reversion').dragTo(page.getByTestId('canvas'));
    await page.getByTestId('block-bbands1').waitFor({ timeout: 30_000 });
    for (const id of ['close', 'bbands1', 'lt1', 'gt1', 'sizing', 'target']) expect(await page.getByTestId(`block-${id}`).count()).toBe(1);
    expect(await page.locator('.react-flow__edge').count()).toBe(8);
    expect(await page.getByTestId('graph-status').textContent()).toBe('valid graph: 6 blocks, 8 links');
    expect(await page.getByLabel('Entry expression').inputValue()).toBe('close < bbands(close, $period, $multiplier).lower');
    expect(await page.getByLabel('Exit expression').inputValue()).toBe('close > bbands(close, $period, $multiplier).middle');
  });

  it('edits a parameter in its sidebar form and a block in its form: the expression view follows', async () => {
    const { page } = browser;
    await page.getByLabel('param period').fill('30');
    await page.getByTestId('block-gt1').click();
    await page.getByTestId('block-form').waitFor();
    await page.getByLabel('Operator').selectOption('ge');
    await until('the exit expression to follow the block', async () => (await page.getByLabel('Exit expression').inputValue()) === 'close >= bbands(close, $period, $multiplier).middle', 15_000);
    await screenshot(page, 'builder-template');
  });

  it('runs the backtest on a data file and shows equity, drawdown, metrics and trades inline', async () => {
    const { page } = browser;
    const select = page.getByLabel('data file');
    await until('the data files to load', async () => (await select.locator('option[value="goog_daily_2004_2013.csv"]').count()) === 1, 30_000);
    await select.selectOption('goog_daily_2004_2013.csv');
    await page.getByTestId('run-backtest').click();
    await page.getByTestId('backtest-result').waitFor({ timeout: 120_000 });
    const info = (await page.getByTestId('run-info').textContent()) ?? '';
    runId = /Run (backtest-\S+)/.exec(info)?.[1] ?? '';
    expect(runId).toMatch(/^backtest-\d{8}T\d{6}-[0-9a-f]{6}$/);
    expect(info).toContain('completed');
    await page.getByTestId('equity-chart').locator('canvas').first().waitFor();
    const trades = Number(/(\d+) closed trades/.exec((await page.getByTestId('trade-table').textContent()) ?? '')?.[1]);
    expect(trades).toBeGreaterThan(0);
    // The metrics grid shows the trade count the table has.
    expect(await page.getByTestId('metrics').textContent()).toContain(`Trades${trades}`);
    await page.getByTestId('backtest-result').scrollIntoViewIfNeeded();
    await screenshot(page, 'builder-backtest-result');
  });

  it('lists the run in the runs list with its parameters, and opens its detail page', async () => {
    const { page } = browser;
    await page.goto(`${stack.url}/runs`);
    const row = page.getByTestId(`run-row-${runId}`);
    await row.waitFor({ timeout: 30_000 });
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('completed');
    expect(text).toContain('goog_daily_2004_2013.csv');
    expect(text).toContain('period=30');
    await screenshot(page, 'runs-list');
    await row.getByRole('link', { name: runId }).click();
    await page.waitForURL(new RegExp(`/runs/${runId}$`));
    // The run is complete already; its detail page's first load took over 30 s once under the whole suite on 2 cores.
    await page.getByTestId('backtest-result').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('run-detail').textContent()).toContain('multiplier=2');
    await screenshot(page, 'run-detail');
  });

  it('re-runs it with a changed parameter and compares the two: parameters, metrics and both curves', async () => {
    const { page } = browser;
    await page.getByLabel('rerun period').fill('20');
    await page.getByTestId('rerun').click();
    const newRun = page.getByRole('link', { name: /^backtest-/ });
    await newRun.waitFor({ timeout: 120_000 });
    const rerunId = ((await newRun.textContent()) ?? '').trim();
    expect(rerunId).toMatch(/^backtest-\d{8}T\d{6}-[0-9a-f]{6}$/);
    expect(rerunId).not.toBe(runId);
    await page.getByRole('link', { name: 'compare' }).click();
    await page.waitForURL(/\/runs\/compare\?/);
    expect(new URL(page.url()).searchParams.get('a')).toBe(runId);
    expect(new URL(page.url()).searchParams.get('b')).toBe(rerunId);
    const compare = page.getByTestId('run-compare');
    // A page's first load, like the run detail's above: under the full suite it once took over 30 s.
    await compare.waitFor({ timeout: 90_000 });
    const rows = await compare.locator('tbody tr').allTextContents();
    // Each parameter with B - A: the changed one, and the unchanged one at 0.
    expect(rows).toContain('$period3020-10');
    expect(rows).toContain('$multiplier220');
    expect(rows.some((r) => r.startsWith('Trades'))).toBe(true);
    const head = (await compare.locator('thead').textContent()) ?? '';
    expect(head).toContain(runId);
    expect(head).toContain(rerunId);
    await page.getByTestId('compare-chart').locator('canvas').first().waitFor();
    await screenshot(page, 'runs-compare');
  });

  it('deploys the strategy to paper from the builder: the node agent starts it and it heartbeats green on the board', async () => {
    const { page } = browser;
    await page.goto(`${stack.url}/builder`);
    await page.getByTestId('template-sma-cross').dragTo(page.getByTestId('canvas'));
    await until('a valid graph', async () => ((await page.getByTestId('graph-status').textContent()) ?? '').startsWith('valid graph'), 30_000);
    await page.getByLabel('strategy id').fill('e2e-deployed');
    // Instrument and timeframe come from what the live feed publishes (GET /instruments), not typed.
    await until('the deploy form to name the feed\'s instrument', async () => (await page.getByLabel('instruments').inputValue()) === 'BTC-PERP', 30_000);
    expect(await page.getByLabel('timeframe').inputValue()).toBe('1m');
    await page.getByTestId('deploy').click();
    await page.getByText('Deployed: the strategy runner picks it up').waitFor({ timeout: 60_000 });
    await page.goto(`${stack.url}/`);
    const status = (p: Page) => p.getAttribute('[data-testid="node-strategy-e2e-deployed"]', 'data-status');
    await until('the deployed strategy to be green on the board', async () => (await status(page)) === 'healthy', 120_000);
    await screenshot(page, 'board-deployed-strategy');
  });
});
