/**
 * The whole path a team takes in the dashboard, in a real browser against a real `graft serve`:
 * sign in → upload → the PII preview → a bake-off followed live (and one cancelled) → fit →
 * try it → deploy another version → roll back → forget an example → its audit entry.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DATA, pageErrors, screenshot, startDashboard } from './harness.js';
import type { Dashboard } from './harness.js';

let d: Dashboard;
let page: Page;
before(async () => {
  d = await startDashboard();
  ({ page } = await d.open('desktop', null));
});
after(() => d?.close());

/** Generous: a bake-off takes a few seconds on a quiet machine, minutes on a busy shared one. */
const TIMEOUT = 300_000;
const T = { timeout: 600_000 };

/** Records every progress label the page shows (a MutationObserver, so a short job's updates are not missed). */
async function watchProgress(p: Page): Promise<void> {
  await p.evaluate(() => {
    const seen: string[] = [];
    (globalThis as unknown as { progressSeen: string[] }).progressSeen = seen;
    new MutationObserver(() => {
      for (const l of document.querySelectorAll('.job label')) if (!seen.includes(l.textContent!)) seen.push(l.textContent!);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

const progressSeen = (p: Page) => p.evaluate(() => (globalThis as unknown as { progressSeen: string[] }).progressSeen);

/**
 * The versions table's live column. With `expected`, waits until it is that version: the
 * status line answers as soon as the server does, and the table follows after its reload.
 */
async function liveVersion(p: Page, expected?: string): Promise<string> {
  const live = p.locator('.versions thead th', { hasText: expected ? `${expected} (live)` : '(live)' });
  await live.waitFor();
  return (await p.locator('.versions thead th', { hasText: '(live)' }).textContent())!;
}

async function confirmDialog(p: Page, action: string): Promise<void> {
  const dialog = p.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: action }).click();
  await dialog.waitFor({ state: 'hidden' });
}

test('sign in with an admin key: every view is offered', T, async () => {
  await page.getByLabel('API key').fill(d.keys.admin);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const nav = page.getByRole('navigation', { name: 'Views' });
  await nav.waitFor();
  assert.deepEqual(await nav.getByRole('link').allTextContents(), ['Tasks', 'Try it', 'New task', 'Runs', 'Should we fine-tune?', 'Privacy']);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('graft.key')), d.keys.admin, 'the key is kept in session storage');
});

test('upload: the preview shows labels and the PII the policy will redact, nothing raw', T, async () => {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'New task' }).click();
  await page.getByLabel('Task name').fill('tickets');
  await page.getByLabel(/CSV, TSV or JSONL file/).setInputFiles(join(DATA, 'tickets.csv'));
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.locator('.preview');
  await preview.waitFor({ timeout: TIMEOUT });
  assert.match((await preview.locator('p').first().textContent())!, /tickets\.csv: 60 rows, 3 labels/);
  const types = await page.locator('table.pii-types tbody th').allTextContents();
  assert.ok(types.includes('EMAIL'), `EMAIL among the findings: ${types.join(', ')}`);
  assert.ok(types.includes('PHONE'), `PHONE among the findings: ${types.join(', ')}`);
  const shown = await preview.textContent();
  assert.doesNotMatch(shown!, /@example\.com|7946/, 'no raw e-mail or phone number on the page');
  assert.ok(await preview.locator('.head-rows mark.pii').count() > 0, 'placeholders highlighted in the first rows');
  await screenshot(page, 'flow-preview', 'desktop');
});

test('bake-off: a cancelled one ends cancelled; the next one shows live progress and its leaderboard', T, async () => {
  // knn and centroid: the quick strategies (logistic's inner search takes minutes on a busy machine).
  await page.getByRole('checkbox', { name: 'logistic' }).uncheck();
  await page.getByRole('button', { name: 'Run the bake-off' }).click();
  const job = page.locator('.job', { hasText: 'Bake-off' });
  await job.getByRole('button', { name: 'Cancel' }).click();
  await job.locator('.state.cancelled').waitFor({ timeout: TIMEOUT });
  assert.match((await job.textContent())!, /Cancelled; nothing was saved/);

  await watchProgress(page);
  await page.getByRole('button', { name: 'Run the bake-off' }).click();
  await page.locator('.job .state.succeeded').waitFor({ timeout: TIMEOUT });
  const seen = await progressSeen(page);
  assert.ok(seen.some((s) => /\d+ of \d+/.test(s)), `progress was shown while it ran: ${JSON.stringify(seen)}`);
  const board = page.locator('table.leaderboard tbody tr');
  await board.first().waitFor();
  assert.equal(await board.count(), 2, 'knn and centroid');
  assert.match((await page.locator('table.leaderboard caption').textContent())!, /fold cross-validation, 60 training rows/);
  await screenshot(page, 'flow-bakeoff', 'desktop');
});

test('fit the best entry, then another: each becomes the live version', T, async () => {
  const fitButton = page.getByRole('button', { name: /^Fit .* as task tickets$/ });
  await fitButton.click();
  await page.getByRole('status').filter({ hasText: 'Version v1 of tickets is live' }).waitFor({ timeout: TIMEOUT });
  await page.locator('table.leaderboard tbody tr').nth(1).getByRole('radio').check();
  await fitButton.click();
  await page.getByRole('status').filter({ hasText: 'Version v2 of tickets is live' }).waitFor({ timeout: TIMEOUT });
});

test('try it: label, probabilities, the words that moved it and the nearest stored examples', T, async () => {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Try it' }).click();
  await page.getByLabel('Texts, one per line').fill('my tracking number shows the parcel is late\nI am locked out after the password reset');
  await page.getByRole('button', { name: 'Predict' }).click();
  const first = page.getByRole('article', { name: 'Prediction 1' });
  await first.waitFor({ timeout: TIMEOUT });
  assert.equal(await first.locator('.label-name').textContent(), 'shipping');
  assert.equal(await page.getByRole('article', { name: 'Prediction 2' }).locator('.label-name').textContent(), 'account');
  assert.equal(await first.locator('table.probs tbody tr').count(), 3, 'a probability per label');
  assert.equal(await first.locator('.explained mark').count(), 8, 'each word of the text is a highlighted span of the explanation');
  assert.match((await first.textContent())!, /Words that moved the decision most: /);
  const neighbours = first.locator('table.neighbours tbody tr');
  assert.equal(await neighbours.count(), 5);
  assert.doesNotMatch((await first.locator('table.neighbours').textContent())!, /@example\.com/, 'neighbours as stored (redacted)');
  await screenshot(page, 'flow-try', 'desktop');
});

test('deploy another version and roll back, each after a confirmation, with audit entries', T, async () => {
  await page.goto(`${d.url}/#/tasks/tickets`);
  assert.match(await liveVersion(page), /v2 \(live\)/);
  await page.getByRole('button', { name: 'Deploy v1' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  assert.match(await liveVersion(page), /v2 \(live\)/, 'cancelled: nothing changed');
  await page.getByRole('button', { name: 'Deploy v1' }).click();
  await confirmDialog(page, 'Deploy v1');
  await page.getByRole('status').filter({ hasText: 'tickets: v1 is live (was v2)' }).waitFor();
  assert.match(await liveVersion(page, 'v1'), /v1 \(live\)/);
  await page.getByRole('button', { name: 'Deploy v2' }).click();
  await confirmDialog(page, 'Deploy v2');
  await page.getByRole('status').filter({ hasText: 'tickets: v2 is live (was v1)' }).waitFor();
  await page.getByRole('button', { name: 'Roll back' }).click();
  await confirmDialog(page, 'Roll back');
  await page.getByRole('status').filter({ hasText: 'tickets: v1 is live (was v2)' }).waitFor();
  assert.match(await liveVersion(page, 'v1'), /v1 \(live\)/);
  // The audit table reloads after the status line, as the versions table does.
  await page.locator('table.audit tbody td:nth-child(3)', { hasText: 'rollback' }).first().waitFor();
  const actions = await page.locator('table.audit tbody td:nth-child(3)').allTextContents();
  assert.ok(actions.filter((a) => /deploy/.test(a)).length >= 2 && actions.some((a) => /rollback/.test(a)), `audit: ${actions.join(', ')}`);
});

test('forget the examples that match a pattern: the task is refitted and the audit trail shows it', T, async () => {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Privacy' }).click();
  await page.getByLabel('Task').selectOption('tickets');
  await page.getByLabel(/Regular expression/).fill('ticket 112\\)');
  await page.getByRole('button', { name: 'Forget matching examples' }).click();
  await confirmDialog(page, 'Forget');
  const done = page.getByRole('status').filter({ hasText: 'Forgot' });
  await done.waitFor({ timeout: TIMEOUT });
  // the text is in both versions' data: each is refitted without it, and v1 (live) is replaced by its refit
  assert.match((await done.textContent())!, /Forgot 2 rows \(1 texts\) from tickets; refitted v1 → v3, v2 → v4; live version v3/);
  // the trail, newest first, reloads with the forget's entry on top
  await page.locator('table.audit tbody tr').first().filter({ hasText: 'forget' }).waitFor();
  await screenshot(page, 'flow-forget', 'desktop');
  assert.deepEqual(pageErrors(page), []);
});
