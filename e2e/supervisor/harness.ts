// The supervisor's end-to-end harness: the whole stack as tools/up starts it (isolated: a temporary
// HELIOS_HOME, free ports, a fast demo feed, its own token), Debian's Chromium through playwright-core,
// and helpers to log in and keep screenshots in e2e/artifacts/ for a human to look at.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { freePort } from '@helios/testing';

const run = promisify(execFile);
export const ROOT = join(__dirname, '..', '..');
export const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');
export const CHROMIUM = '/usr/bin/chromium';
/** DESIGN.md: headless Debian Chromium, nothing fetched or synced in the background. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface Stack {
  url: string;
  token: string;
  natsUrl: string;
  home: string;
  env: NodeJS.ProcessEnv;
  upOutput: string;
  stop(): Promise<void>;
}

/**
 * Runs tools/up on its own ports and home (demo feed at 600x: ten bars a second, so P&L moves within
 * seconds) and returns where the supervisor listens. tools/up builds the supervisor first when its
 * sources changed (Nx cache), which can take a few minutes on a cold cache.
 */
export async function startStack(extraEnv: NodeJS.ProcessEnv = {}): Promise<Stack> {
  const home = mkdtempSync(join(tmpdir(), 'helios-e2e-supervisor-'));
  const natsPort = await freePort();
  const supervisorPort = await freePort();
  const token = randomBytes(24).toString('base64url');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HELIOS_HOME: home,
    HELIOS_NATS_PORT: String(natsPort),
    HELIOS_NATS_MONITOR_PORT: String(await freePort()),
    HELIOS_SUPERVISOR_PORT: String(supervisorPort),
    HELIOS_SUPERVISOR_TOKEN: token,
    HELIOS_DEMO_SPEED: '600',
    ...extraEnv,
  };
  const stop = async () => {
    await run(join(ROOT, 'tools', 'down'), { env, cwd: ROOT }).catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
  };
  try {
    // One tools/up at a time across jest workers: each runs tools/setup, whose Nx build of the
    // supervisor writes apps/supervisor/.next, and two builds into one folder break each other.
    const { stdout } = await withLock(join(ROOT, 'tmp', 'e2e-tools-up.lock'), () =>
      run(join(ROOT, 'tools', 'up'), { env, cwd: ROOT, timeout: 15 * 60_000, maxBuffer: 16 * 1024 * 1024 }),
    );
    return { url: `http://127.0.0.1:${supervisorPort}`, token, natsUrl: `nats://127.0.0.1:${natsPort}`, home, env, upOutput: stdout, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * A cross-process lock: mkdir is atomic. A lock older than `staleMs` belongs to a process that died
 * holding it and is taken over.
 */
export async function withLock<T>(dir: string, fn: () => Promise<T>, staleMs = 20 * 60_000): Promise<T> {
  mkdirSync(join(dir, '..'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(dir);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(dir).mtimeMs > staleMs) rmSync(dir, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'helios-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens `path`, lands on the login page (no session yet), enters the token and waits to be sent back. */
export async function logIn(page: Page, stack: Stack, path = '/'): Promise<void> {
  await page.goto(`${stack.url}${path}`);
  await page.waitForURL(/\/login\?next=/, { timeout: 30_000 });
  await page.locator('#token').fill(stack.token);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Polls `probe` until it returns a value (not undefined/false) or the deadline passes. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
