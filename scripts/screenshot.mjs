#!/usr/bin/env node
// Opens a page of the running app in headless Debian Chromium and saves a screenshot.
// usage: node scripts/screenshot.mjs [url] [output.png] [text to wait for]
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const url = process.argv[2] ?? 'http://localhost:3000/catalog';
const output = resolve(process.argv[3] ?? '.data/screenshots/catalog.png');
const waitForText = process.argv[4] ?? 'payments-api';

const browser = await chromium.launch({
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
try {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
  });
  await page.goto(url, { waitUntil: 'networkidle', timeout: 120_000 });
  // The guest sign-in page appears first on a fresh browser profile.
  const guestButton = page.getByRole('button', { name: /enter/i });
  const content = page.getByText(waitForText).first();
  await Promise.race([
    guestButton.waitFor({ timeout: 60_000 }),
    content.waitFor({ timeout: 60_000 }),
  ]);
  if (await guestButton.isVisible()) await guestButton.click();
  await content.waitFor({ timeout: 60_000 });
  mkdirSync(dirname(output), { recursive: true });
  await page.screenshot({ path: output, fullPage: true });
  console.log(`Saved ${output}`);
} finally {
  await browser.close();
}
