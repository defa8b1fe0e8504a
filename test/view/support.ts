import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { runCli } from '../helpers/cli.js';

/** Markup, a terminal escape and a NUL planted in model output: every view must show them as text. */
export const SCRIPT_PAYLOAD = '<script>window.__pwned=1</script>';
export const IMG_PAYLOAD = '<img src=x onerror="window.__pwned=2">';
export const CLOSE_PAYLOAD = '</script><script>window.__pwned=3</script>';
export const ANSI_PAYLOAD = '\u001b[31mRED\u001b[0m';
export const NUL_PAYLOAD = 'nul\u0000byte';

/** A small sim sweep into `db` (a fresh run each call with another seed or model). */
export async function simRun(dir: string, db: string, args: string[]): Promise<string> {
  const r = await runCli(
    [
      'run',
      '--tasks',
      'misleading-math',
      '--budgets',
      '0,1024,4096',
      '--trials',
      '2',
      '--limit',
      '30',
      '--no-report',
      '-q',
      '--json',
      '--db',
      db,
      ...args,
    ],
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
  const id = (JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { run?: { runId?: string } }).run
    ?.runId;
  assert.ok(id, r.stdout);
  return id;
}

/** Puts the payloads into one sample's answer and reasoning (wrong at the largest budget); its key. */
export function plantHostile(db: string, runId: string): { key: string; item: string } {
  const d = new Database(join(db));
  try {
    const row = d
      .prepare('SELECT key, item_id FROM samples WHERE run_id = ? AND budget = 4096 ORDER BY key LIMIT 1')
      .get(runId) as { key: string; item_id: string };
    d.prepare("UPDATE samples SET text = ?, reasoning_text = ?, stop_reason = 'end' WHERE key = ?").run(
      `Final ${ANSI_PAYLOAD} <answer>${SCRIPT_PAYLOAD}${IMG_PAYLOAD} 999999</answer> ${NUL_PAYLOAD}`,
      `Thinking ${IMG_PAYLOAD} then ${CLOSE_PAYLOAD} and ${SCRIPT_PAYLOAD} ${ANSI_PAYLOAD} ${NUL_PAYLOAD}.`,
      row.key,
    );
    return { key: row.key, item: row.item_id };
  } finally {
    d.close();
  }
}

/** Collects console errors, page errors and any request that leaves the viewer's origin. */
export function watchPage(page: Page, origin: string): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'))
      errors.push(`request outside the viewer: ${u}`);
  });
  return errors;
}

/** Nothing planted ran: no flag set, no element made from model text, only the viewer's scripts. */
export async function assertInert(page: Page): Promise<void> {
  const inert = await page.evaluate(`({
    pwned: window.__pwned,
    scripts: document.scripts.length,
    imgs: document.querySelectorAll('img').length,
    handlers: document.querySelectorAll('[onerror]').length,
  })`);
  assert.deepEqual(inert, { pwned: undefined, scripts: 2, imgs: 0, handlers: 0 });
}

/**
 * Waits until `check` holds, asking the page again and again (Playwright's waitForFunction evaluates
 * strings with eval, which the viewer's Content-Security-Policy refuses, as it should).
 */
export async function waitUntil<T>(
  what: string,
  read: () => Promise<T>,
  check: (v: T) => boolean,
  tries = 600,
): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < tries; i++) {
    last = await read();
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}; last seen: ${JSON.stringify(last)}`);
}
