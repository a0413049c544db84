/**
 * The dashboard under test as a user meets it: the Vite build (made here when dist/web is
 * missing or older than web/), a real `graft serve` on 127.0.0.1 over a fresh GRAFT_HOME with
 * API keys of each scope, and Debian's Chromium driven by playwright-core. Helpers check
 * accessibility with axe-core and write screenshots as artefacts (never compared).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ApiKeyStore, openDb } from '../../src/store/index.js';
import { serveProcess } from '../serve/process.js';
import type { ServerProcess } from '../serve/process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DATA = join(ROOT, 'test', 'dashboard', 'data');
/** Screenshots land here (ignored by git); CI keeps the folder as the run's artefacts. */
export const ARTEFACTS = process.env.GRAFT_TEST_ARTEFACTS ?? join(ROOT, 'test-artifacts', 'dashboard');

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const WIDTHS = { desktop: 1280, phone: 390 } as const;
export type Width = keyof typeof WIDTHS;

/** Builds dist/web unless it is newer than web/ (a clean clone has none). */
export function ensureWebBuilt(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-web.mjs'), '--if-stale'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `building the dashboard failed:\n${r.stderr}`);
}

export interface Keys { admin: string; train: string; predict: string }

export interface Dashboard {
  home: string;
  url: string;
  keys: Keys;
  server: ServerProcess;
  browser: Browser;
  /** A fresh tab at `width`, signed in with `key` (session storage, as the sign-in form leaves it) unless null. */
  open(width: Width, key: string | null, hash?: string): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * Starts the server over `home` (prepared by `prepare` first, through the library, while no
 * server holds it) and the browser.
 */
export async function startDashboard(prepare?: (home: string) => Promise<void>): Promise<Dashboard> {
  ensureWebBuilt();
  const home = mkdtempSync(join(tmpdir(), 'graft-dashboard-'));
  if (prepare) await prepare(home);
  const db = openDb(home);
  const store = new ApiKeyStore(db);
  const keys: Keys = {
    admin: store.create({ scope: 'admin', name: 'dashboard-admin' }).secret,
    train: store.create({ scope: 'train', name: 'dashboard-train' }).secret,
    predict: store.create({ scope: 'predict', name: 'dashboard-predict' }).secret,
  };
  db.close();
  const server = await serveProcess(home);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  const url = server.url;
  return {
    home, url, keys, server, browser,
    async open(width, key, hash = '') {
      const context = await browser.newContext({ viewport: { width: WIDTHS[width], height: 900 } });
      if (key !== null) await context.addInitScript((k) => sessionStorage.setItem('graft.key', k), key);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text()); });
      (page as Page & { errors?: string[] }).errors = errors;
      await page.goto(`${url}/${hash ? `#/${hash}` : ''}`);
      return { context, page };
    },
    async close() {
      await browser.close();
      server.child.kill('SIGTERM');
      await server.exited;
    },
  };
}

/** What the page reported as errors (uncaught exceptions, console errors other than the server's 4xx answers). */
export function pageErrors(page: Page): string[] {
  return (page as Page & { errors?: string[] }).errors ?? [];
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/** axe-core's serious and critical violations on the page as it is now (WCAG 2 A/AA rules and best practices). */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (an inline <script> would be refused).
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations;
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')})`);
}

/** Writes a full-page screenshot `NAME-WIDTH.png` into the artefacts folder. */
export async function screenshot(page: Page, name: string, width: Width): Promise<string> {
  mkdirSync(ARTEFACTS, { recursive: true });
  const path = join(ARTEFACTS, `${name}-${WIDTHS[width]}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Nothing may stick out sideways: the page's own width is the viewport's (tables scroll in their own region). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
