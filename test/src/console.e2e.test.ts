/**
 * The officer console in a real browser (Debian's chromium, headless, driven by playwright-core):
 * sign in, open the queue, open a red-lane hold, read why it was held (rules with evidence), confirm
 * the hold, request a four-eyes release, and have a second officer approve it; the audit entries show
 * on the case page. Filer-supplied markup in a goods description is shown as text and never runs.
 * Screenshots go to test/screenshots/ for a person to look at.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { fileXml, startPipeline, waitForDecisions, type Pipeline } from './pipeline-harness.js';
import { seaFiling } from './sample-filings.js';

const SHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));
const XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">';
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

async function signIn(page: Page, baseUrl: string, name: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.fill('#login-name', name);
  await page.fill('#login-password', password);
  await page.click('.login button[type=submit]');
  await page.waitForSelector('#queue');
}

async function withReason(page: Page, button: string, reason: string): Promise<void> {
  await page.click(button);
  await page.waitForSelector('#reason-dialog[open]');
  await page.fill('#reason-text', reason);
  await page.click('#reason-ok');
}

describe('officer console in a browser', () => {
  let pipeline: Pipeline;
  let browser: BrowserContext;
  let userDir: string;
  let mrn: string;
  let passwords: { officer: string; supervisor: string };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    pipeline = await startPipeline('embedded', { ADMINISTRATION_COUNTRY: 'NL' });
    passwords = pipeline.server.demoKeys()!.passwords!;
    const xml = seaFiling({ lrn: `UI-${randomUUID().slice(0, 8)}`, arms: true, sanctioned: true })
      .replace('Sporting shotguns, 12 gauge, with accessories', `Sporting shotguns, 12 gauge, with accessories ${escapeXml(XSS)}`);
    expect(xml).toContain(escapeXml(XSS));
    const filed = await fileXml(pipeline, xml);
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    mrn = filed.body['mrn'] as string;
    await waitForDecisions(pipeline, mrn);
    userDir = mkdtempSync(join(tmpdir(), 'safe-console-chromium-'));
    // A fresh profile directory per run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(userDir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1400, height: 1000 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await pipeline?.stop();
    if (userDir !== undefined) rmSync(userDir, { recursive: true, force: true });
  });

  it('walks an officer through a hold and a four-eyes release', async () => {
    const page = await browser.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(e.message));

    await signIn(page, pipeline.baseUrl, 'demo-officer', passwords.officer);
    const rows = page.locator('#queue tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    // The rules column names the rules that fired (house 3: the firearms rule).
    expect(await page.locator('#queue tbody tr', { hasText: `${mrn} / 3` }).locator('td.rules').textContent()).toContain('ARMS-FIREARMS');
    // Keyboard: j moves the selection down the queue.
    await page.keyboard.press('j');
    expect(await page.locator('#queue tbody tr.selected').getAttribute('data-index')).toBe('1');
    await page.screenshot({ path: join(SHOTS, '1-queue.png'), fullPage: true });

    // Open the red-lane outbound-inspection hold (house 3, the shotguns).
    await page.locator('#queue tbody tr', { hasText: `${mrn} / 3` }).click();
    await page.waitForSelector('#explanation');
    expect(await page.textContent('#explanation')).toMatch(/inspection|risk|score/i);
    const hits = await page.textContent('#hits');
    expect(hits).toContain('ARMS-FIREARMS');
    expect(hits).toContain('goods[0].commodityCode');
    // The goods description is shown literally, and nothing in it ran.
    expect(await page.locator('.goods-description').first().textContent()).toContain('<script>window.__xss=1</script>');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('#goods img').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, '2-case.png'), fullPage: true });

    await withReason(page, '#act-confirm', 'Cartridges need an export licence check');
    await page.waitForSelector('#history .audit-action:text("case.hold_confirmed")');
    await withReason(page, '#act-release', 'Export licence verified with the exporter');
    await page.waitForSelector('#pending-approvals');
    expect(await page.textContent('#pending-approvals')).toContain('your request');
    expect(await page.textContent('#hold-status')).toBe('inspection requested');

    await page.click('#sign-out');
    await page.waitForSelector('#login-name');
    await signIn(page, pipeline.baseUrl, 'demo-supervisor', passwords.supervisor);
    await page.goto(`${pipeline.baseUrl}/console/#/approvals`);
    await page.waitForSelector('#approvals');
    await page.locator('#approvals a', { hasText: `${mrn} / 3` }).click();
    await page.waitForSelector('#pending-approvals .approve');
    await withReason(page, '#pending-approvals .approve', 'Licence seen; second check done');
    await page.waitForSelector('#history .audit-action:text("case.release_approved")');
    expect(await page.textContent('#hold-status')).toBe('released');
    const history = await page.textContent('#history');
    expect(history).toContain('demo-officer');
    expect(history).toContain('demo-supervisor');
    expect(history).toContain('Licence seen; second check done');
    await page.screenshot({ path: join(SHOTS, '3-released.png'), fullPage: true });

    // The performance page draws its charts.
    await page.click('a[href="#/performance"]');
    await page.waitForSelector('svg rect', { timeout: 10_000 }).catch(async (error: unknown) => {
      await page.screenshot({ path: join(SHOTS, '4-performance-failed.png'), fullPage: true });
      throw error;
    });
    await page.screenshot({ path: join(SHOTS, '4-performance.png'), fullPage: true });
    expect(scriptErrors).toEqual([]);
    await page.close();
  });

  it('pages and searches the queue, offers only the actions the state allows, and rejects a release in the approvals list', async () => {
    // 130 more holds on the filing (copies of house 1 with documents PAGE-1..130): three pages of 50.
    const db = pipeline.server.database().db;
    await db.execute(sql`
      insert into consignments (filing_id, sequence, version, transport_document_number, export_country, place_of_loading, content, state, outcome, lane, score, hold_status)
      select c.filing_id, 1000 + g, c.version, 'PAGE-' || g, c.export_country, c.place_of_loading, c.content, 'assessed', 'screening_request', 'yellow', g % 100, 'held'
      from consignments c join filings f on f.id = c.filing_id cross join generate_series(1, 130) g where f.mrn = ${mrn} and c.sequence = 1`);
    await browser.clearCookies(); // the supervisor of the test before is still signed in
    const page = await browser.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(e.message));
    await signIn(page, pipeline.baseUrl, 'demo-officer', passwords.officer);
    const heading = await page.textContent('h1');
    const total = Number(/\((\d+)\)/.exec(heading ?? '')?.[1]);
    expect(total).toBeGreaterThanOrEqual(131);
    const rowTexts = async () => page.locator('#queue tbody tr td:nth-child(5)').allTextContents();
    const first = await rowTexts();
    expect(first).toHaveLength(50);
    expect(await page.locator('#page-prev').isDisabled()).toBe(true);
    await page.click('#page-next');
    await page.waitForFunction(() => document.querySelector('#page-prev') !== null && !(document.querySelector('#page-prev') as HTMLButtonElement).disabled);
    const second = await rowTexts();
    expect(second).toHaveLength(50);
    expect(second.some((t) => first.includes(t))).toBe(false);
    // Keyboard: n for the next page, p for the previous.
    await page.keyboard.press('n');
    await page.waitForFunction(() => (document.querySelector('#page-next') as HTMLButtonElement | null)?.disabled === true);
    const third = await rowTexts();
    expect(first.length + second.length + third.length).toBe(total);
    await page.keyboard.press('p');
    await page.waitForFunction((firstOfSecond) => document.querySelector('#queue tbody tr td:nth-child(5)')?.textContent === firstOfSecond, second[0]);
    await page.click('#page-prev');
    await page.waitForFunction(() => (document.querySelector('#page-prev') as HTMLButtonElement | null)?.disabled === true);
    expect(await rowTexts()).toEqual(first);
    await page.screenshot({ path: join(SHOTS, '5-queue-paged.png'), fullPage: true });

    // Search: a transport document finds its one hold; the MRN finds the filing's holds.
    await page.keyboard.press('/');
    await page.keyboard.type('PAGE-77');
    await page.keyboard.press('Enter');
    await page.waitForSelector('h1:text("matching")');
    expect(await page.locator('#queue tbody tr').count()).toBe(1);
    expect(await page.textContent('#queue tbody tr')).toContain('PAGE-77');
    await page.fill('#queue-search', mrn);
    await page.press('#queue-search', 'Enter');
    await page.waitForSelector(`h1:text("${mrn}")`);
    expect(await page.textContent('h1')).toMatch(/\((13[1-3])\)/);
    await page.fill('#queue-search', 'no such thing 424242');
    await page.press('#queue-search', 'Enter');
    await page.waitForSelector('text=No holds match.');

    // A held copy offers release and Do Not Load; once Do Not Load, the lifecycle allows neither again nor an inspection.
    await page.fill('#queue-search', 'PAGE-5');
    await page.press('#queue-search', 'Enter');
    await page.waitForSelector('h1:text("PAGE-5")');
    await page.locator('#queue tbody tr', { hasText: 'PAGE-5' }).first().click();
    await page.waitForSelector('#actions');
    expect(await page.locator('#act-release').count()).toBe(1);
    await withReason(page, '#act-dnl', 'Consignee on a watch list');
    await page.waitForSelector('#history .audit-action:text("case.do_not_load_issued")');
    // Do Not Load: no second Do Not Load and no inspection request are offered.
    expect(await page.locator('#act-dnl').count()).toBe(0);
    expect(await page.locator('#act-inspect').count()).toBe(0);
    await withReason(page, '#act-release', 'Watch list entry was a namesake');
    await page.waitForSelector('#pending-approvals');

    await page.click('#sign-out');
    await page.waitForSelector('#login-name');
    await signIn(page, pipeline.baseUrl, 'demo-supervisor', passwords.supervisor);
    await page.goto(`${pipeline.baseUrl}/console/#/approvals`);
    await page.waitForSelector('#approvals .reject');
    await withReason(page, '#approvals .reject', 'Namesake not shown: keep Do Not Load');
    await page.waitForSelector('text=Nothing waiting.');
    // The performance charts fit their panels.
    await page.click('a[href="#/performance"]');
    await page.waitForSelector('svg.chart');
    const overflow = await page.evaluate(() => Array.from(document.querySelectorAll('svg.chart')).filter((chart) => chart.getBoundingClientRect().right > chart.closest('.panel')!.getBoundingClientRect().right + 1).length);
    expect(overflow).toBe(0);
    expect(scriptErrors).toEqual([]);
    await page.close();
  });

  it('sends strict security headers with the console', async () => {
    const response = await fetch(`${pipeline.baseUrl}/console/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
