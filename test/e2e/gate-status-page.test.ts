// The gate's status page in headless Chromium (Debian's, driven by playwright-core): items in two pipelines with
// running, finished, failing and queued jobs; progress bars and remaining time from past builds; the page follows
// the scheduler's changes by polling; the build, buildset and live console pages. Screenshots go to
// dist/screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type GateApiHarness, sampleLayout, startGateApiHarness, statusItem, statusJob } from '@nubo/gate/testing';
import type { Page } from 'playwright-core';
import { type Chromium, chromiumSkip, launchChromium } from './lib/chromium.js';

const screenshots = resolve(import.meta.dirname, '../../dist/screenshots');
const skip = chromiumSkip;

describe('gate status page in Chromium', { skip }, () => {
  let h: GateApiHarness;
  let base: string;
  let chrome: Chromium;
  let page: Page;
  const now = Date.now() / 1000;

  before(async () => {
    h = await startGateApiHarness({ layouts: new Map([['test', sampleLayout()]]) });
    // Past builds: tox took 120 s and 100 s (estimate 110 s); lint never succeeded (no estimate).
    const old = (s: number) => new Date(Date.parse('2026-01-01T00:00:00Z') + s * 1000);
    const done = { error: null, artifacts: [], retried: false };
    await h.recorder.buildsetCreated({
      uuid: 'bs-old',
      tenant: 'test',
      pipeline: 'gate',
      project: 'org/project',
      branch: 'master',
      change: 90,
      patchset: 1,
      ref: 'refs/changes/90/90/1',
      commit: null,
      eventId: null,
    });
    for (const [uuid, start, end] of [
      ['old-1', 0, 120],
      ['old-2', 200, 300],
    ] as const) {
      await h.recorder.buildStarted({
        uuid,
        buildsetUuid: 'bs-old',
        jobName: 'tox',
        voting: true,
        nodes: ['primary'],
        startTime: old(start),
      });
      await h.recorder.buildFinished(uuid, {
        ...done,
        result: 'SUCCESS',
        endTime: old(end),
        logUrl: `/zuul/logs/${uuid}/`,
      });
    }
    await h.recorder.buildsetFinished('bs-old', 'SUCCESS', 'Build succeeded.', old(300));
    await h.recorder.buildsetEvent('bs-old', 'reported', 'Reported +2 to review', old(301));
    mkdirSync(join(h.logRoot, 'old-1'));
    writeFileSync(join(h.logRoot, 'old-1', 'job-output.txt'), 'TASK [tox]\nok: [primary]\n');
    // A running build whose console the stream page follows.
    await h.recorder.buildsetCreated({
      uuid: 'bs-live',
      tenant: 'test',
      pipeline: 'gate',
      project: 'org/project',
      branch: 'master',
      change: 101,
      patchset: 1,
      ref: 'refs/changes/01/101/1',
      commit: null,
      eventId: null,
    });
    await h.recorder.buildStarted({
      uuid: 'live-tox',
      buildsetUuid: 'bs-live',
      jobName: 'tox',
      voting: true,
      nodes: ['primary'],
      startTime: new Date((now - 55) * 1000),
    });
    mkdirSync(join(h.logRoot, 'live-tox'));
    writeFileSync(join(h.logRoot, 'live-tox', 'job-output.txt'), 'PLAY [all]\nTASK [run tox]\n');

    const t = 'test';
    const link = (kind: string, uuid: string) => `/zuul/t/${t}/${kind}/${uuid}`;
    h.control.addItem(
      t,
      'gate',
      'integrated',
      statusItem('org/project', 101, 1, [
        statusJob('tox', 'gate', {
          uuid: 'live-tox',
          start_time: now - 55,
          queued: false,
          url: link('stream', 'live-tox'),
        }),
        statusJob('lint', 'gate', {
          uuid: 'old-1',
          result: 'SUCCESS',
          voting: false,
          start_time: now - 90,
          end_time: now - 60,
          report_url: link('build', 'old-1'),
        }),
      ]),
    );
    h.control.addItem(
      t,
      'gate',
      'integrated',
      statusItem(
        'org/other',
        102,
        3,
        [
          statusJob('lint', 'gate', {
            uuid: 'f-lint',
            result: 'FAILURE',
            start_time: now - 40,
            end_time: now - 5,
            report_url: link('build', 'f-lint'),
          }),
          statusJob('tox', 'gate', { uuid: 'f-tox', start_time: now - 20, queued: false }),
        ],
        { failing_reasons: ['at least one job failed'] },
      ),
    );
    h.control.addItem(t, 'gate', 'integrated', statusItem('org/project', 103, 2, [statusJob('tox', 'gate')]));
    h.control.addItem(
      t,
      'check',
      'org/other',
      statusItem('org/other', 104, 1, [
        statusJob('lint', 'check', { uuid: 'c-lint', start_time: now - 30, queued: false }),
      ]),
    );

    await h.app.listen({ host: '127.0.0.1', port: 0 });
    const address = h.app.server.address();
    assert.ok(address && typeof address === 'object');
    base = `http://127.0.0.1:${address.port}`;
    mkdirSync(screenshots, { recursive: true });
    chrome = await launchChromium();
    page = chrome.page;
  });

  after(async () => {
    await chrome?.close();
    await h?.close();
  });

  test('shows every pipeline, queue, item and job with progress and time left', async () => {
    await page.goto(`${base}/zuul/`);
    assert.equal(new URL(page.url()).pathname, '/zuul/t/test/status', 'the root redirects to the status page');
    await page.goto(`${base}/zuul/t/test/status?poll_ms=500`);
    await page.waitForSelector('[data-item="101,1"]');
    assert.deepEqual(
      await page.locator('section.pipeline').evaluateAll((s) => s.map((e) => e.getAttribute('data-pipeline'))),
      ['check', 'gate'],
    );
    const gate = page.locator('[data-pipeline="gate"]');
    assert.deepEqual(await gate.locator('li.item').evaluateAll((s) => s.map((e) => e.getAttribute('data-item'))), [
      '101,1',
      '102,3',
      '103,2',
    ]);
    assert.match((await gate.locator('h3').textContent()) ?? '', /Queue: integrated.*window 20/);
    // tox started 55 s ago and takes 110 s on average: half done, about 55 s left.
    const tox = gate.locator('[data-item="101,1"] [data-job="tox"]');
    const percent = Number(await tox.locator('[role="progressbar"]').getAttribute('aria-valuenow'));
    assert.ok(percent >= 45 && percent <= 60, `progress ${percent}%`);
    assert.match((await tox.locator('.time-left').textContent()) ?? '', /^\d+ s left$/);
    assert.equal(await tox.locator('a').getAttribute('href'), '/zuul/t/test/stream/live-tox');
    assert.match((await gate.locator('[data-item="101,1"] .remaining').textContent()) ?? '', /s left/);
    const lint = gate.locator('[data-item="101,1"] [data-job="lint"]');
    assert.equal(await lint.locator('.result').textContent(), 'SUCCESS');
    assert.match((await lint.textContent()) ?? '', /non-voting/);
    assert.equal(await lint.locator('a').getAttribute('href'), '/zuul/t/test/build/old-1');
    const failing = gate.locator('[data-item="102,3"]');
    assert.match((await failing.getAttribute('class')) ?? '', /item-failing/);
    assert.equal(await failing.locator('[data-job="lint"] .result').textContent(), 'FAILURE');
    assert.equal(await gate.locator('[data-item="103,2"] [data-job="tox"] .result').textContent(), 'queued');
    // lint has no successful past build: no estimate, elapsed time instead.
    assert.match(
      (await page.locator('[data-pipeline="check"] [data-job="lint"] .time-left').textContent()) ?? '',
      /elapsed/,
    );
    assert.match((await page.locator('.updated').textContent()) ?? '', /4 items in queues/);
    await page.screenshot({ path: join(screenshots, 'gate-status.png'), fullPage: true });
  });

  test('follows the scheduler: a finished job and a dequeued item show up without reloading', async () => {
    const item = h.control.items('test', 'gate').find((i) => i.id === '101,1')!;
    const job = item.jobs.find((j) => j.name === 'tox')!;
    Object.assign(job, { result: 'SUCCESS', end_time: Date.now() / 1000, report_url: '/zuul/t/test/build/live-tox' });
    await h.control.dequeue('test', { pipeline: 'gate', project: 'org/project', change: '103,2' });
    await page.waitForSelector('[data-item="101,1"] [data-job="tox"] .result-success', { timeout: 5000 });
    await page.waitForSelector('[data-item="103,2"]', { state: 'detached', timeout: 5000 });
    await page.fill('input.filter', 'org/other');
    assert.deepEqual(await page.locator('li.item').evaluateAll((s) => s.map((e) => e.getAttribute('data-item'))), [
      '104,1',
      '102,3',
    ]);
    await page.screenshot({ path: join(screenshots, 'gate-status-filtered.png'), fullPage: true });
  });

  test('build and buildset pages with links to logs', async () => {
    await page.goto(`${base}/zuul/t/test/build/old-1`);
    await page.waitForSelector('main.build');
    assert.equal(await page.locator('.job-title').textContent(), 'tox');
    assert.equal(await page.locator('h1 .result').textContent(), 'SUCCESS');
    assert.match((await page.locator('table.details').textContent()) ?? '', /Duration2 min 00 s/);
    await page.screenshot({ path: join(screenshots, 'gate-build.png'), fullPage: true });
    await page.click('a.log-link');
    await page.waitForURL(`${base}/zuul/logs/old-1/`);
    assert.match((await page.content()) ?? '', /job-output.txt/);
    await page.goto(`${base}/zuul/t/test/build/old-1`);
    await page.click('a.buildset-link');
    await page.waitForSelector('main.buildset');
    assert.deepEqual(
      await page.locator('table.builds tbody tr').evaluateAll((r) => r.map((e) => e.getAttribute('data-build'))),
      ['old-1', 'old-2'],
    );
    assert.match((await page.locator('.events').textContent()) ?? '', /Reported \+2 to review/);
    assert.equal(await page.locator('table.builds td.cell-success').first().textContent(), 'SUCCESS');
    assert.equal(
      await page
        .locator('table.builds td.cell-success')
        .first()
        .evaluate(
          // Runs in the page: the window's getComputedStyle (this file is typed without the DOM library).
          (e) =>
            (globalThis as unknown as { getComputedStyle(x: unknown): { color: string } }).getComputedStyle(e).color,
        ),
      'rgb(62, 134, 53)',
      'the result reads in green on the table background',
    );
    await page.screenshot({ path: join(screenshots, 'gate-buildset.png'), fullPage: true });
    await page.goto(`${base}/zuul/t/test/build/missing`);
    await page.waitForSelector('main.error');
    assert.match((await page.locator('main.error').textContent()) ?? '', /Build not found/);
  });

  test('the live console streams a running build until it ends', async () => {
    // The status no longer lists live-tox as running; the database still does.
    await page.goto(`${base}/zuul/t/test/stream/live-tox`);
    await page.locator('.console-output', { hasText: 'TASK [run tox]' }).waitFor();
    writeFileSync(join(h.logRoot, 'live-tox', 'job-output.txt'), 'PLAY [all]\nTASK [run tox]\nok: [primary]\n');
    await page.locator('.console-output', { hasText: 'ok: [primary]' }).waitFor();
    await h.recorder.buildFinished('live-tox', {
      result: 'SUCCESS',
      endTime: new Date(),
      error: null,
      logUrl: null,
      artifacts: [],
      retried: false,
    });
    await page.locator('h1 .result', { hasText: 'SUCCESS' }).waitFor();
    await page.screenshot({ path: join(screenshots, 'gate-console.png'), fullPage: true });
  });
});
