import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  chromium,
  type Browser,
  type Locator,
  type Page,
} from 'playwright-core';

/** The repository root, two levels above packages/backend. */
export function repoRootOf(backendDir: string): string {
  return resolve(backendDir, '../..');
}

/** Where end-to-end tests save screenshots for people to look at (git-ignored). */
export function screenshotDir(backendDir: string): string {
  const dir = join(repoRootOf(backendDir), '.data/screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Debian's headless Chromium (driven by playwright-core), after checking that the built frontend
 * the backend serves is there: `make test` builds it before the tests run.
 */
export async function launchChromium(backendDir: string): Promise<Browser> {
  const appDist = join(repoRootOf(backendDir), 'packages/app/dist/index.html');
  if (!existsSync(appDist)) {
    throw new Error(
      `${appDist} is missing: build the frontend first (yarn workspace app build); make test does this`,
    );
  }
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}: install Debian's chromium package (make test does) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath,
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

/** Opens the app on a fresh page and signs in as the guest user. */
export async function signInAsGuest(
  browser: Browser,
  baseUrl: string,
  waitForText: string,
): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 1000 },
  });
  await page.goto(`${baseUrl}/catalog`, { timeout: 90_000 });
  await page.getByRole('button', { name: /enter/i }).click({ timeout: 60_000 });
  await page.getByText(waitForText).first().waitFor({ timeout: 60_000 });
  return page;
}

/**
 * Reloads the page until the locator shows, waiting out the health cache (5 s, then served stale
 * for 5 s more while it is recomputed) between reloads; fails after `attempts` reloads.
 */
export async function reloadUntilVisible(
  page: Page,
  locator: Locator,
  attempts = 6,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await locator.waitFor({ timeout: 15_000 });
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await page.waitForTimeout(11_000);
      await page.reload();
    }
  }
}
