/**
 * Every view of the dashboard in a real browser against a real `graft serve`, at 1280 px and
 * 390 px: its plots are drawn with the series and cells the data has, axe-core finds no serious
 * or critical violation, nothing overflows sideways, and a screenshot is written. Then what a
 * key's scope withholds, and a bad upload's line/column issues.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DATA, WIDTHS, horizontalOverflow, pageErrors, screenshot, seriousViolations, startDashboard } from './harness.js';
import type { Dashboard, Width } from './harness.js';
import { adviseThroughServer, prepareWorkspace } from './fixtures.js';
import type { AdviceMade } from './fixtures.js';

let d: Dashboard;
let made: Awaited<ReturnType<typeof prepareWorkspace>>;
let advice: AdviceMade;
before(async () => {
  d = await startDashboard(async (home) => { made = await prepareWorkspace(home); });
  advice = await adviseThroughServer(d);
});
after(() => d?.close());

const T = { timeout: 300_000 };
const widths = Object.keys(WIDTHS) as Width[];

/** The parts of a saved advice (`graft advise`, `POST /v1/advice`) the view plots and lists. */
interface AdviceResult {
  decision: { headline: string };
  alternatives: { rows: unknown[] };
  curve: { points: unknown[]; forecast: { at: unknown[] } };
  fineTuning: { routes: { applicable?: boolean; expected?: { accuracy?: number } }[] };
}

interface ChartSeen { title: string; declared: number; legend: number; painted: boolean }

/** Each uPlot figure on the page: its series (as declared, and as its legend lists them) and whether its canvas has ink. */
async function charts(page: Page): Promise<ChartSeen[]> {
  return page.$$eval('figure.chart', (figs) => figs.map((f) => {
    const canvas = f.querySelector('canvas');
    let painted = false;
    if (canvas && canvas.width > 0) {
      const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < px.length && !painted; i += 4) painted = px[i]! > 0;
    }
    return {
      title: f.querySelector('figcaption')?.textContent ?? '',
      declared: Number(f.getAttribute('data-series')),
      // the legend has a row per y series (the x series has none when the legend is not live)
      legend: f.querySelectorAll('.u-legend .u-series').length,
      painted,
    };
  }));
}

/** The checks every view gets, at one width. */
async function common(page: Page, name: string, width: Width): Promise<void> {
  assert.deepEqual(await seriousViolations(page), [], `${name} at ${WIDTHS[width]} px: axe`);
  assert.ok(await horizontalOverflow(page) <= 0, `${name} at ${WIDTHS[width]} px: nothing sticks out sideways`);
  await screenshot(page, name, width);
  assert.deepEqual(pageErrors(page), [], `${name}: no script errors`);
}

for (const width of widths) {
  test(`tasks at ${WIDTHS[width]} px: the list, then a task's versions side by side with deploy and audit`, T, async () => {
    const { page, context } = await d.open(width, d.keys.admin, 'tasks');
    const row = page.locator('table.tasks tbody tr');
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    assert.match((await row.textContent())!, /tickets\s*v2 of 2\s*hashing.*3: /);
    await common(page, 'tasks', width);
    await row.getByRole('link', { name: 'tickets' }).click();
    await page.locator('table.versions').waitFor();
    assert.deepEqual(await page.locator('table.versions thead th').allTextContents(), ['Version', 'v1', 'v2 (live)']);
    assert.deepEqual(await page.locator('table.versions tbody tr').first().locator('td').allTextContents(), ['calibrated centroid', 'calibrated knn']);
    assert.equal(await page.getByRole('button', { name: 'Deploy v1' }).count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Roll back' }).count(), 1);
    await page.locator('table.audit tbody tr').first().waitFor();
    await common(page, 'task', width);
    await context.close();
  });

  test(`try it at ${WIDTHS[width]} px: prediction, probabilities, highlighted words, neighbours`, T, async () => {
    const { page, context } = await d.open(width, d.keys.admin, 'try/tickets');
    await page.getByLabel('Texts, one per line').fill('the courier lost my parcel');
    await page.getByRole('button', { name: 'Predict' }).click();
    const p = page.getByRole('article', { name: 'Prediction 1' });
    await p.waitFor();
    assert.equal(await p.locator('.label-name').textContent(), 'shipping');
    assert.equal(await p.locator('table.probs tbody tr').count(), 3);
    assert.equal(await p.locator('.explained mark').count(), 5, 'every word of the text is a span of the explanation');
    assert.equal(await p.locator('table.neighbours tbody tr').count(), 5);
    assert.equal(await p.locator('.badge').count(), 1, 'the out-of-distribution flag');
    await common(page, 'try', width);
    await context.close();
  });

  test(`runs at ${WIDTHS[width]} px: list, one run's plots and tables, two runs compared`, T, async () => {
    const { page, context } = await d.open(width, d.keys.admin, 'runs');
    // the two bake-offs made before the server started, and the one the advice measured
    const bakeoffs = new Set([...made.runs, advice.bakeoffRunId]).size;
    await page.locator('table tbody tr').nth(bakeoffs - 1).waitFor();
    assert.equal(await page.locator('table tbody tr').count(), bakeoffs);
    await common(page, 'runs', width);

    await page.goto(`${d.url}/#/runs/${made.runs[0]}`);
    await page.locator('table.per-class').waitFor();
    await page.locator('figure.chart canvas').nth(2).waitFor();
    const seen = await charts(page);
    assert.equal(seen.length, 3, `learning curves, reliability, OOD: ${seen.map((c) => c.title).join(' | ')}`);
    const [curves, reliability, ood] = seen as [ChartSeen, ChartSeen, ChartSeen];
    // one line per entry (2) and one dashed extrapolation per entry that has one
    assert.ok(curves.declared >= 2 && curves.declared <= 4, `learning curves: ${curves.declared} series`);
    assert.equal(reliability.declared, 3, 'before, after, the diagonal');
    assert.equal(ood.declared, 1, 'in-distribution scores (no out-of-scope label here)');
    for (const c of seen) {
      assert.equal(c.legend, c.declared, `${c.title}: the legend lists every series`);
      assert.ok(c.painted, `${c.title}: the canvas is drawn`);
    }
    const cells = Number(await page.locator('svg.confusion').getAttribute('data-cells'));
    assert.ok(cells >= 3 && cells <= 9, `a cell per non-empty (true, predicted) pair of 3 labels: ${cells}`);
    assert.equal(await page.locator('svg.confusion rect.cell').count(), cells);
    assert.equal(await page.locator('table.per-class tbody tr').count(), 3);
    assert.equal(await page.locator('table.leaderboard tbody tr').count(), 2);
    assert.match((await page.locator('.significance').textContent())!, /p = [\d.]+/);
    // the held-out examples, least confident first: rows as stored, never a raw e-mail
    await page.getByRole('radio', { name: 'least confident' }).check();
    const examples = page.locator('table.examples tbody tr');
    await examples.first().waitFor();
    assert.ok(await examples.count() > 0);
    const confidences = (await page.locator('table.examples tbody td:nth-child(5)').allTextContents()).map((s) => Number.parseFloat(s));
    assert.deepEqual(confidences, [...confidences].sort((a, b) => a - b), 'least confident first');
    assert.doesNotMatch((await page.locator('table.examples').textContent())!, /@example\.com/);
    assert.match((await page.locator('table.examples tbody td:nth-child(2)').first().textContent())!, /^Hello, my /, 'the stored text of each row');
    await common(page, 'run', width);

    await page.goto(`${d.url}/#/runs/${made.runs[0]}/vs/${made.runs[1]}`);
    await page.locator('article.run').nth(1).locator('table.per-class').waitFor();
    assert.equal(await page.locator('article.run').count(), 2);
    await page.locator('figure.chart canvas').nth(5).waitFor();
    assert.equal((await charts(page)).length, 6, 'each run its three plots');
    assert.equal(await page.locator('svg.confusion').count(), 2);
    await common(page, 'runs-compared', width);
    await context.close();
  });

  test(`should we fine-tune? at ${WIDTHS[width]} px: the decision, its curve and the routes of an advice the server made`, T, async () => {
    const run = await (await fetch(`${d.url}/v1/runs/${advice.runId}`, { headers: { authorization: `Bearer ${d.keys.admin}` } })).json() as { kind: string; result: AdviceResult };
    assert.equal(run.kind, 'advise');
    const a = run.result;
    const { page, context } = await d.open(width, d.keys.admin, 'advice');
    await page.locator('figure.chart canvas').waitFor();
    assert.equal(await page.locator('main h2').first().textContent(), a.decision.headline);
    const [curve] = await charts(page);
    // measured and forecast, the 90% target asked for, and each applicable route with an expected accuracy (at most 3)
    const routes = Math.min(3, a.fineTuning.routes.filter((r) => r.applicable !== false && typeof r.expected?.accuracy === 'number').length);
    assert.ok(a.curve.points.length >= 2 && a.curve.forecast.at.length >= 1 && routes >= 1, 'the advice has a curve, a forecast and a route to plot');
    assert.equal(curve!.declared, 3 + routes, `${curve!.title}: ${curve!.declared} series`);
    assert.equal(curve!.legend, curve!.declared);
    assert.ok(curve!.painted);
    assert.match((await page.locator('figure.chart').textContent())!, /target 90(\.0)?%/);
    assert.equal(await page.locator('table').filter({ hasText: 'Measured alternatives' }).locator('tbody tr').count(), a.alternatives.rows.length);
    assert.equal(await page.locator('table').filter({ hasText: 'Fine-tuning, estimated' }).locator('tbody tr').count(), a.fineTuning.routes.length);
    await common(page, 'advice', width);
    await context.close();
  });

  test(`privacy at ${WIDTHS[width]} px: a file's findings by type with highlighted masks, forget form and audit`, T, async () => {
    const { page, context } = await d.open(width, d.keys.admin, 'privacy');
    await page.getByLabel('CSV, TSV or JSONL file').setInputFiles(join(DATA, 'tickets.csv'));
    await page.getByRole('button', { name: 'Scan' }).click();
    await page.locator('.scan-report').waitFor();
    const types = await page.locator('table.pii-types tbody th').allTextContents();
    assert.ok(types.includes('EMAIL') && types.includes('PHONE'), types.join(', '));
    assert.ok(await page.locator('.samples mark.pii').count() > 0, 'each sample highlights its masked finding');
    assert.doesNotMatch((await page.locator('.scan-report').textContent())!, /@example\.com/);
    await page.locator('table.audit tbody tr').first().waitFor();
    await common(page, 'privacy', width);
    await context.close();
  });

  test(`new task at ${WIDTHS[width]} px: a bad upload shows the server's line/column issues`, T, async () => {
    const { page, context } = await d.open(width, d.keys.train, 'new');
    await page.getByLabel('Task name').fill('broken');
    await page.getByLabel(/CSV, TSV or JSONL file/).setInputFiles(join(DATA, 'bad.csv'));
    await page.getByRole('button', { name: 'Preview' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match((await alert.locator('p').first().textContent())!, /^400 /);
    const issues = await alert.getByRole('list', { name: 'Issues' }).locator('code').allTextContents();
    assert.ok(issues.some((p) => /bad\.csv:3\b/.test(p)) && issues.some((p) => /bad\.csv:4\b/.test(p)), `issues at lines 3 and 4: ${issues.join(', ')}`);
    await common(page, 'new-task-bad-upload', width);
    await context.close();
  });
}

test('a train key (no admin) sees no deploy, roll back, forget or audit, and gets 403 if it calls deploy anyway', T, async () => {
  const { page, context } = await d.open('desktop', d.keys.train, 'tasks/tickets');
  await page.locator('table.versions').waitFor();
  assert.deepEqual(await page.getByRole('navigation', { name: 'Views' }).getByRole('link').allTextContents(),
    ['Tasks', 'Try it', 'New task', 'Runs', 'Should we fine-tune?', 'Privacy']);
  assert.equal(await page.getByRole('button', { name: /^Deploy/ }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Roll back' }).count(), 0);
  assert.equal(await page.locator('table.audit').count(), 0, 'the audit trail needs admin');
  const status = await page.evaluate(async () => {
    const key = sessionStorage.getItem('graft.key');
    const r = await fetch('/v1/tasks/tickets/deploy', { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{"version":1}' });
    return r.status;
  });
  assert.equal(status, 403);
  await page.goto(`${d.url}/#/privacy`);
  await page.getByRole('button', { name: 'Scan' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Forget matching examples' }).count(), 0, 'forgetting needs admin');
  await context.close();
});

test('a predict key is offered predictions and scans only, and no training examples as neighbours', T, async () => {
  const { page, context } = await d.open('desktop', d.keys.predict, 'try/tickets');
  // The navigation is drawn once the key's routes are known (GET /v1/me): wait for the view first.
  await page.getByLabel('Texts, one per line').waitFor();
  // runs need train (they hold training data's predictions); scanning a file is open to predict keys
  assert.deepEqual(await page.getByRole('navigation', { name: 'Views' }).getByRole('link').allTextContents(), ['Tasks', 'Try it', 'Privacy']);
  await page.getByLabel('Texts, one per line').fill('refund for the invoice');
  await page.getByRole('button', { name: 'Predict' }).click();
  await page.getByRole('article', { name: 'Prediction 1' }).waitFor();
  assert.equal(await page.locator('table.neighbours').count(), 0, 'training examples are not shown to a predict key');
  await context.close();
});

test('a wrong key is refused at sign-in with the server\'s words; signing out forgets the key', T, async () => {
  const { page, context } = await d.open('phone', null);
  await page.getByLabel('API key').fill('graft_k_000000000000_not-a-real-secret-at-all-000000000000000');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').waitFor();
  assert.match((await page.getByRole('alert').textContent())!, /401/);
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'sign-in-refused', 'phone');
  await page.getByLabel('API key').fill(d.keys.admin);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('API key').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('graft.key')), null);
  await context.close();
});

test('keyboard only: sign in, skip to content, reach every view and a task, a confirmation that Escape cancels', T, async () => {
  const { page, context } = await d.open('desktop', null);
  const focused = () => page.evaluate(() => {
    const e = document.activeElement;
    return { tag: e?.tagName ?? '', text: (e?.textContent ?? '').trim(), id: e?.id ?? '', inDialog: !!e?.closest('dialog') };
  });
  /** Presses Tab until the focused element's text is `text` (at most `max` times). */
  const tabTo = async (text: string, max = 40) => {
    const seen: string[] = [];
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      if (f.text === text) return;
      seen.push(f.text || f.tag);
    }
    assert.fail(`Tab never reached "${text}": ${seen.join(' | ')}`);
  };
  await page.getByLabel('API key').waitFor();
  await page.keyboard.press('Tab');
  assert.equal((await focused()).id, 'api-key', 'the key field is the first stop');
  await page.keyboard.type(d.keys.admin);
  await page.keyboard.press('Enter');
  await page.getByRole('navigation', { name: 'Views' }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal((await focused()).text, 'Skip to content');
  await page.keyboard.press('Enter');
  assert.equal((await focused()).id, 'main');
  for (const view of ['Runs', 'Privacy']) {
    await page.reload(); // focus starts at the top again; the key stays in this tab
    await page.getByRole('navigation', { name: 'Views' }).waitFor();
    await tabTo(view);
    await page.keyboard.press('Enter');
    await page.waitForFunction((v) => document.querySelector('nav [aria-current="page"]')?.textContent === v, view);
  }
  await page.goto(`${d.url}/#/tasks`);
  await page.locator('table.tasks tbody tr').first().waitFor();
  await tabTo('tickets');
  await page.keyboard.press('Enter');
  await page.locator('table.versions').waitFor();
  await tabTo('Deploy v1');
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').waitFor();
  assert.ok((await focused()).inDialog, 'focus moves into the confirmation');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  assert.match((await page.locator('.versions thead th', { hasText: '(live)' }).textContent())!, /v2 \(live\)/, 'Escape deployed nothing');
  await context.close();
});
