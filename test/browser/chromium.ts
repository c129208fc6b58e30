/**
 * Debian's chromium driven by playwright-core (design §1 fact 14): `npx playwright install` cannot
 * download browsers here, so the suite uses /usr/bin/chromium (`.ci/run` installs it). A missing
 * browser throws: the suite fails loudly, it never skips. Every request a page makes to a host
 * other than the gateway's is aborted and recorded, so "works offline" is checked, not assumed.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.LIFTGATE_TEST_CHROMIUM ?? '/usr/bin/chromium';
/** Screenshots land here (ignored by git; CI keeps them as artifacts). */
export const ARTIFACTS_DIR = resolve(import.meta.dirname, '../../artifacts/browser');

const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Launches chromium; throws with the install command when it is absent. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium; .ci/run does) — the browser suite does not skip`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
}

export interface OfflinePage {
  context: BrowserContext;
  page: Page;
  /** URLs the page tried to load from anywhere but `allowedOrigin` (all aborted). */
  blocked: string[];
  /** Console errors and uncaught page errors. */
  pageErrors: string[];
}

/**
 * A fresh context whose only reachable origin is `allowedOrigin` (ws:// of the same host too):
 * a CDN script would be aborted and listed in `blocked`, as on a machine without internet.
 */
export async function offlinePage(browser: Browser, allowedOrigin: string): Promise<OfflinePage> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const blocked: string[] = [];
  const pageErrors: string[] = [];
  const host = new URL(allowedOrigin).host;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    let allowed = false;
    try { allowed = new URL(url).host === host; } catch { allowed = false; }
    if (allowed) return route.continue();
    blocked.push(url);
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  return { context, page, blocked, pageErrors };
}

/** Writes a full-page PNG to artifacts/browser/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
