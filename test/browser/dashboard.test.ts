/**
 * The live dashboard (examples/live-dashboard, issue 13 items 3 and 4) in a real browser: served
 * by its own server, with every request to another host aborted, it subscribes over graphql-ws
 * and shows each metric's lift with its CI, redraws when posted events change the results, and
 * lists an anomaly signal when the monitoring scheduler detects one. Screenshots:
 * artifacts/browser/dashboard-*.png.
 */
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboardServer } from '../../examples/live-dashboard/serve.js';
import { createMonitoringScheduler } from '../../src/jobs/monitoring-scheduler.js';
import { exposureEvent, postSdkEvents, sdkEvent, type SdkEvent } from '../fixtures/sdk-events.js';
import { seed } from '../fixtures/seed.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { launchChromium, offlinePage, screenshot, type OfflinePage } from './chromium.js';

const ENV = 'dashboard';
const DAY = 86_400_000;
let t: TestApp;
let browser: Browser;
let dashboard: { server: Server; url: string };
let view: OfflinePage;

beforeAll(async () => {
  browser = await launchChromium();
  t = await createTestApp({ env: { LIFTGATE_LIVE_RESULTS_INTERVAL_MS: '500' } });
  await seed(t)
    .environment(ENV)
    .metric('Purchases', { aggregation: 'COUNT', event: 'purchase' }, { role: 'PRIMARY' })
    .metric('Errors', { aggregation: 'COUNT', event: 'error', monitoring: { enabled: true, interval: 'DAY', sensitivity: 3.5 } }, false)
    .experiment({
      key: 'dash-test', featureName: 'dash_flag',
      variants: [{ key: 'control', name: 'Control', isControl: true }, { key: 'treatment', name: 'Treatment' }],
      allocations: [{ variantKey: 'CONTROL', split: 0.5 }, { variantKey: 'TREATMENT', split: 0.5 }],
    })
    .start();
  const at = Date.now() - 120_000;
  const events: SdkEvent[] = [];
  for (let i = 0; i < 20; i++) {
    const variant = i % 2 ? 'TREATMENT' : 'CONTROL';
    events.push(exposureEvent('dash_flag', `s${i}`, variant, at));
    for (let k = 0; k < (variant === 'TREATMENT' ? 1 + (i % 3) : i % 3); k++) events.push(sdkEvent('purchase', { identifier: `s${i}`, timestamp: at + 1000 + k }));
  }
  await postSdkEvents(t, ENV, events);
  dashboard = await startDashboardServer({ gateway: `${t.url.replace(/^http/, 'ws')}/graphql`, token: t.token, environment: ENV, experiment: 'dash-test' });
  view = await offlinePage(browser, dashboard.url);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => dashboard?.server.close(done));
  await t?.stop();
});

const subjects = (variant: string) => view.page.locator(`#exposures tr[data-variant="${variant}"] td`).nth(1).textContent();

describe('live dashboard', () => {
  it('shows each metric\'s lift with its CI, offline but for the gateway\'s WebSocket', async () => {
    const { page, blocked, pageErrors } = view;
    await page.goto(`${dashboard.url}/`, { waitUntil: 'load' });
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 20_000 }).toBe('live');
    const comparison = page.locator('.metric[data-metric="Purchases"] .comparison[data-variant="TREATMENT"]');
    await comparison.waitFor({ timeout: 20_000 });
    expect(await comparison.textContent()).toMatch(/TREATMENT vs control: [+-]\d+\.\d % \[[+-]\d+\.\d %, [+-]\d+\.\d %\], p = /);
    expect(await comparison.locator('svg .ci').count()).toBe(1);
    expect(await comparison.locator('svg .estimate').count()).toBe(1);
    expect(await subjects('CONTROL')).toBe('10');
    expect(await subjects('TREATMENT')).toBe('10');
    await screenshot(page, 'dashboard-results');
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('redraws the results pushed after events are posted', async () => {
    const at = Date.now() - 60_000;
    await postSdkEvents(t, ENV, [exposureEvent('dash_flag', 'late1', 'TREATMENT', at), exposureEvent('dash_flag', 'late2', 'TREATMENT', at)]);
    await expect.poll(() => subjects('TREATMENT'), { timeout: 20_000 }).toBe('12');
    await screenshot(view.page, 'dashboard-update');
  });

  it('lists an anomaly signal as it arrives', async () => {
    // 15 ordinary days of errors, then a spike yesterday; the scheduler's clock is today 00:10.
    const today = Math.floor(Date.now() / DAY) * DAY;
    const events: SdkEvent[] = [];
    for (let day = today - 16 * DAY; day < today; day += DAY) {
      const n = day === today - DAY ? 120 : 5 + ((day / DAY) % 3);
      for (let i = 0; i < n; i++) events.push(sdkEvent('error', { identifier: `e${i % 7}`, timestamp: day + Math.floor(((i + 0.5) * DAY) / n) }));
    }
    await postSdkEvents(t, ENV, events);
    const scheduler = createMonitoringScheduler(t.app.services.monitoring, { tickMs: 60_000, latenessMs: 5 * 60_000, now: () => new Date(today + 10 * 60_000) });
    expect((await scheduler.runOnce()).created).toBe(1);

    const signal = view.page.locator('#signals li').first();
    await signal.waitFor({ timeout: 20_000 });
    expect(await signal.textContent()).toContain('Errors: UP');
    expect(await signal.getAttribute('data-status')).toBe('OPEN');
    await screenshot(view.page, 'dashboard-signal');
  });
});
