import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { type BrowserContext, chromium } from 'playwright-core';

/**
 * Headless system Chromium for report tests (never a downloaded browser: CI installs the apt
 * package). Each launch gets a fresh profile folder, removed on close.
 */
export const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

/** True when Chromium is there; otherwise skips the test, or fails it in CI (which must have it). */
export function needChromium(t: TestContext): boolean {
  if (hasChromium()) return true;
  if (process.env.CI) assert.fail(`${CHROMIUM} is missing: install chromium (apt-get install -y chromium)`);
  t.skip(`${CHROMIUM} not installed`);
  return false;
}

export async function withChromium<T>(fn: (ctx: BrowserContext) => Promise<T>): Promise<T> {
  const profile = mkdtempSync(join(tmpdir(), 'overthink-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
