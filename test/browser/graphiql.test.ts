/**
 * GraphiQL in a real browser (issue 13, items 1 and 4): GET /graphql loads the console from the
 * installed `@graphql-yoga/render-graphiql` (a small page + cacheable assets) with every
 * non-gateway request aborted (no CDN, no network), a query runs with the Authorization header typed into the headers pane (and without
 * it is UNAUTHENTICATED), and a subscription (SSE, the console's transport) shows the update the
 * server pushes after events are posted. Screenshots: artifacts/browser/graphiql-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exposureEvent, postSdkEvents } from '../fixtures/sdk-events.js';
import { seed } from '../fixtures/seed.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { launchChromium, offlinePage, screenshot, type OfflinePage } from './chromium.js';

let t: TestApp;
let browser: Browser;
let console_: OfflinePage;

beforeAll(async () => {
  browser = await launchChromium();
  t = await createTestApp({ env: { LIFTGATE_LIVE_RESULTS_INTERVAL_MS: '500' } });
  await seed(t)
    .environment('console')
    .metric('Purchases', { aggregation: 'COUNT', event: 'purchase' }, { role: 'PRIMARY' })
    .experiment({
      key: 'console-test', featureName: 'console_flag',
      variants: [{ key: 'control', name: 'Control', isControl: true }, { key: 'treatment', name: 'Treatment' }],
      allocations: [{ variantKey: 'CONTROL', split: 0.5 }, { variantKey: 'TREATMENT', split: 0.5 }],
    })
    .start();
  await postSdkEvents(t, 'console', [exposureEvent('console_flag', 'u1', 'CONTROL', Date.now() - 60_000)]);
  console_ = await offlinePage(browser, t.url);
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** Replaces the whole text of the Monaco editor matched by `selector`. */
async function setEditor(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

const HEADERS_EDITOR = '.monaco-editor[data-uri*="headers"]';
const QUERY_EDITOR = 'section.graphiql-query-editor .monaco-editor';
/** An editor's text as rendered (Monaco draws spaces as U+00A0). */
const textOf = (page: Page, selector: string) => page.locator(selector).first().textContent().then((s) => (s ?? '').replace(/\u00a0/g, ' '));
const resultText = (page: Page) => textOf(page, 'section.result-window');

describe('GraphiQL at /graphql', () => {
  it('is served with no external URL and loads with the network cut off', async () => {
    const html = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } }).then((r) => r.text());
    expect(html).toContain('Liftgate GraphiQL');
    // The built-in renderer's <script src="https://unpkg.com/…">: none left.
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
    // A small shell (not the package's 9 MB inlined page); its assets are cacheable files.
    expect(html.length).toBeLessThan(20_000);
    const script = /<script src="([^"]+graphiql\.js)"/.exec(html)?.[1];
    const asset = await fetch(`${t.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await asset.text()).length).toBeGreaterThan(1_000_000);

    const { page, blocked, pageErrors } = console_;
    await page.goto(`${t.url}/graphql`, { waitUntil: 'load' });
    await page.locator(QUERY_EDITOR).waitFor({ timeout: 60_000 });
    await page.locator(HEADERS_EDITOR).waitFor({ timeout: 10_000 });
    await screenshot(page, 'graphiql-loaded');
    expect(blocked).toEqual([]);
    expect(pageErrors.filter((e) => /YogaGraphiQL|is not defined/.test(e))).toEqual([]);
    // The headers pane starts with the Authorization line to fill in.
    expect(await textOf(page, HEADERS_EDITOR)).toContain('"Authorization": "Bearer <token>"');
  });

  it('runs a query with the token from the headers pane (and without it is UNAUTHENTICATED)', async () => {
    const { page } = console_;
    await setEditor(page, QUERY_EDITOR, '{ viewer { tokenName } }');
    await setEditor(page, HEADERS_EDITOR, '{}');
    await page.click('.graphiql-execute-button');
    await expect.poll(() => resultText(page), { timeout: 15_000 }).toContain('UNAUTHENTICATED');

    await setEditor(page, HEADERS_EDITOR, JSON.stringify({ Authorization: `Bearer ${t.token}` }));
    await page.click('.graphiql-execute-button');
    await expect.poll(() => resultText(page), { timeout: 15_000 }).toContain('"tokenName": "bootstrap"');
    await screenshot(page, 'graphiql-query');
  });

  it('shows the result a subscription pushes after events are posted', async () => {
    const { page, blocked } = console_;
    await setEditor(page, QUERY_EDITOR,
      'subscription { experimentResults(environmentKey: "console", experimentKey: "console-test") { exposures { variant { key } subjects } } }');
    await page.click('.graphiql-execute-button');
    // The first result: one CONTROL subject, no TREATMENT one.
    await expect.poll(() => resultText(page), { timeout: 20_000 }).toMatch(/"key": "CONTROL"\s*},\s*"subjects": 1/);
    expect(await resultText(page)).toMatch(/"key": "TREATMENT"\s*},\s*"subjects": 0/);

    const now = Date.now() - 30_000;
    await postSdkEvents(t, 'console', [exposureEvent('console_flag', 'u2', 'TREATMENT', now), exposureEvent('console_flag', 'u3', 'TREATMENT', now)]);
    // Pushed by the server (nothing re-run in the page): TREATMENT now has 2.
    await expect.poll(() => resultText(page), { timeout: 20_000 }).toMatch(/"key": "TREATMENT"\s*},\s*"subjects": 2/);
    await screenshot(page, 'graphiql-subscription');
    expect(blocked).toEqual([]);
  });
});
