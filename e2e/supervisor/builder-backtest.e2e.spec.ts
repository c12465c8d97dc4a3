import { launchBrowser, logIn, screenshot, startStack, until, type Browser, type Stack } from './harness';

jest.setTimeout(20 * 60_000);

// The idea phase of PRODUCT.md: a template onto the builder canvas, a backtest on a real data file, the
// result inline, and the run in the runs list and its detail page.
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
    await page.getByTestId('backtest-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('run-detail').textContent()).toContain('multiplier=2');
    await screenshot(page, 'run-detail');
  });
});
