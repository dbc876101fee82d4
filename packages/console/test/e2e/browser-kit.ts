// Small helpers over playwright-core for the console e2e: launching Debian's chromium, antd selects, screenshots.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Where screenshots go (gitignored). */
export const ARTIFACTS = resolve(import.meta.dirname, '../../artifacts');

/** Launches headless Chromium (the Debian package) with the flags this machine needs. */
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves a full-page screenshot `artifacts/<name>.png`. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Opens an antd Select (by test id or locator) and picks the option with exactly this label. */
export async function pick(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).first().click();
  const option = page
    .locator(
      `.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${label}"]`,
    )
    .last();
  await option.waitFor({ state: 'visible' });
  await option.click();
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
    .last()
    .waitFor({ state: 'hidden' })
    .catch(() => undefined);
}

/** Waits for an antd success/error toast containing `text`. */
export async function toast(page: Page, text: string | RegExp): Promise<void> {
  await page.locator('.ant-message-notice', { hasText: text }).first().waitFor({ state: 'visible' });
}

/** Records named checks; prints a summary and the exit code. */
export class Checks {
  readonly results: Array<{ name: string; ok: boolean; detail: string; ms: number }> = [];
  async run(name: string, fn: () => Promise<string | undefined | undefined>): Promise<boolean> {
    const start = Date.now();
    try {
      const result = await fn();
      const detail = typeof result === 'string' ? result : '';
      this.results.push({ name, ok: true, detail, ms: Date.now() - start });
      console.log(`  ✓ ${name}${detail ? ` — ${detail}` : ''} (${Date.now() - start} ms)`);
      return true;
    } catch (error) {
      const detail = error instanceof Error ? error.message.split('\n').slice(0, 4).join(' ') : String(error);
      this.results.push({ name, ok: false, detail, ms: Date.now() - start });
      console.log(`  ✗ ${name} — ${detail}`);
      return false;
    }
  }
  get failed(): number {
    return this.results.filter((r) => !r.ok).length;
  }
}

/** Throws when a condition does not hold. */
export function expectThat(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}
