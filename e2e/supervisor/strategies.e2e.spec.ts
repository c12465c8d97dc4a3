import { launchBrowser, logIn, screenshot, startStack, until, type Browser, type Stack } from './harness';

jest.setTimeout(20 * 60_000);

const DEMO = ['sma-cross', 'mean-reversion'];

/** Pixels of the candle colours (#39ff88 up, #ff3b6b down) on the chart's canvases. */
async function candlePixels(browser: Browser): Promise<{ up: number; down: number; canvases: number }> {
  return browser.page.evaluate(() => {
    // Runs in the page; the e2e project compiles without the DOM library, hence the structural types.
    interface CanvasLike {
      width: number;
      height: number;
      getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
    }
    const doc = (globalThis as unknown as { document: { querySelectorAll(selector: string): Iterable<CanvasLike> } }).document;
    const canvases = [...doc.querySelectorAll('[data-testid="strategy-chart"] canvas')];
    let up = 0;
    let down = 0;
    for (const c of canvases) {
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0 || c.height === 0) continue;
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 4) {
        const [r, g, b] = [d[i], d[i + 1], d[i + 2]];
        if (Math.abs(r - 0x39) < 24 && Math.abs(g - 0xff) < 24 && Math.abs(b - 0x88) < 24) up++;
        else if (Math.abs(r - 0xff) < 24 && Math.abs(g - 0x3b) < 24 && Math.abs(b - 0x6b) < 24) down++;
      }
    }
    return { up, down, canvases: canvases.length };
  });
}

describe('the strategies page in Chromium: cards for the demo strategies, the candlestick chart with buy/sell markers', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    await logIn(browser.page, stack, '/strategies');
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows a card per demo strategy with its status, live P&L and trade statistics', async () => {
    const { page } = browser;
    await page.getByTestId('strategies-page').waitFor({ timeout: 60_000 });
    for (const id of DEMO) {
      const card = page.getByTestId(`strategy-card-${id}`);
      await card.waitFor({ timeout: 60_000 });
      await until(`${id} to be running with a P&L`, async () => {
        const text = (await card.textContent()) ?? '';
        return (text.includes('running') && /[+-]?\$[\d,]+(\.\d+)?/.test(text)) || undefined;
      }, 120_000);
      const text = (await card.textContent()) ?? '';
      // textContent, not innerText: the labels are upper-cased by CSS. Trades is a count from the strategy's own fills (0 is a real value; '—' would mean no metrics at all).
      expect(text).toMatch(/Trades\s*\d+/);
      expect(text).toMatch(/Win\s*(—|\d+\.\d%)/);
      expect(text).toMatch(/Sharpe\s*(—|-?\d+\.\d\d)/);
      expect(text).toMatch(/Max DD\s*(—|-?\d+\.\d%)/);
    }
    // At ten bars a second the demo trades within a minute or two: the live metrics follow.
    await until('a demo strategy with closed trades and a win rate', async () => {
      for (const id of DEMO) {
        const text = (await page.getByTestId(`strategy-card-${id}`).textContent()) ?? '';
        const trades = Number(/Trades\s*(\d+)/.exec(text)?.[1] ?? 0);
        if (trades > 0 && /Win\s*\d+\.\d%/.test(text) && /Max DD\s*-?\d+\.\d%/.test(text)) return true;
      }
      return undefined;
    }, 300_000);
    await screenshot(page, 'strategies-cards');
  });

  it('draws the candles of one strategy with its buy/sell markers and its P&L pane', async () => {
    const { page } = browser;
    await page.getByLabel('chart view').selectOption('strategy');
    // The first strategy is shown until another is chosen.
    expect(await page.getByLabel('strategy', { exact: true }).inputValue()).toBe('mean-reversion');
    await page.getByLabel('strategy', { exact: true }).selectOption('sma-cross');
    const data = page.getByTestId('strategy-chart-data');
    const counts = await until('candles and markers on the chart', async () => {
      const candles = Number(await data.getAttribute('data-candles'));
      const markers = Number(await data.getAttribute('data-markers'));
      return candles >= 20 && markers >= 1 ? { candles, markers } : undefined;
    }, 240_000);
    process.stdout.write(`strategy chart: ${counts.candles} candles, ${counts.markers} markers\n`);
    const pixels = await until('candles drawn on the canvas', async () => {
      const p = await candlePixels(browser);
      return p.up > 50 && p.down > 50 ? p : undefined;
    }, 30_000);
    expect(pixels.canvases).toBeGreaterThan(0);
    await screenshot(page, 'strategies-chart');
  });

  it('stops a strategy from its card (the other keeps running) and starts it again', async () => {
    const { page } = browser;
    const card = page.getByTestId('strategy-card-mean-reversion');
    await page.getByRole('button', { name: 'Stop mean-reversion' }).click();
    await until('mean-reversion stopped', async () => ((await card.textContent()) ?? '').includes('stopped') || undefined, 60_000);
    expect(await page.getByRole('status').textContent()).toContain('stop mean-reversion');
    expect((await page.getByTestId('strategy-card-sma-cross').textContent()) ?? '').toContain('running');
    await screenshot(page, 'strategies-card-stopped');
    await page.getByRole('button', { name: 'Start mean-reversion' }).click();
    await until('mean-reversion running again', async () => ((await card.textContent()) ?? '').includes('running') || undefined, 120_000);
  });
});
