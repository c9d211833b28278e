import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  launchChromium,
  reloadUntilVisible,
  screenshotDir,
  signInAsGuest,
} from './__testUtils__/chromium';
import {
  startBackend,
  type RunningBackend,
} from './__testUtils__/startBackend';

/**
 * End to end in headless Chromium (Debian's chromium, driven by playwright-core): the real
 * backend serves the built frontend bundle (packages/app/dist, built by `make test` before the
 * tests run) on one loopback port with the repository's app-config.yaml, as `make start` does
 * (demo catalog, FOCUS sample, demo cluster); the browser signs in as guest and opens Skyforge's
 * pages. Screenshots land in .data/screenshots/ for people to look at.
 */

const backendDir = resolve(__dirname, '..');
const screenshots = screenshotDir(backendDir);

describe('Skyforge in headless Chromium (real backend serving the built app)', () => {
  let backend: RunningBackend;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium(backendDir);
    backend = await startBackend({ backendDir });
    page = await signInAsGuest(browser, backend.baseUrl, 'payments-api');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
  });

  it('shows the catalog of example entities', async () => {
    await page.screenshot({
      path: join(screenshots, 'catalog.png'),
      fullPage: true,
    });
    expect(await page.getByText('payments-web').count()).toBeGreaterThan(0);
  }, 60_000);

  it("opens an example entity's Cost tab and sees the chart and the total", async () => {
    await page.goto(
      `${backend.baseUrl}/catalog/default/component/bright-path-matrix/cost`,
    );
    // The demo FOCUS sample is ingested at start-up; the tab shows its September 2024 rows.
    await page.getByText(/total/i).first().waitFor({ timeout: 60_000 });
    await page
      .locator('.recharts-surface')
      .first()
      .waitFor({ timeout: 60_000 });
    const text = await page.locator('main').innerText();
    expect(text).toMatch(/\$\d/);
    await page.screenshot({
      path: join(screenshots, 'cost-tab.png'),
      fullPage: true,
    });
  }, 120_000);

  it("opens an example entity's Health tab and sees the demo cluster's workloads and problems", async () => {
    await page.goto(
      `${backend.baseUrl}/catalog/default/component/payments-api/health`,
    );
    const cluster = page.getByRole('region', {
      name: /Cluster Demo cluster \(recorded objects, served locally\)/,
    });
    await cluster.waitFor({ timeout: 90_000 });
    const row = cluster
      .getByRole('table', { name: /^Workloads in / })
      .getByRole('row', { name: /payments-api\/payments-api/ });
    // The backend's first read of a cluster loads the Kubernetes client; on a loaded machine it
    // can miss the 5 s deadline and show the cluster as timed out. Reload, as a person would,
    // once the answer has left the health cache.
    await reloadUntilVisible(page, row);
    const text = await page.locator('main').innerText();
    expect(text).toMatch(/OOMKilled/);
    expect(text).toMatch(/ImagePullBackOff/);
    await page.screenshot({
      path: join(screenshots, 'health-tab.png'),
      fullPage: true,
    });
  }, 150_000);

  it('opens the fleet page from the sidebar and sees the demo cluster with its pools, its cost hidden from a payments member', async () => {
    await page.goto(`${backend.baseUrl}/catalog`);
    await page.getByRole('link', { name: 'Fleet' }).first().click();
    const table = page.getByRole('table', { name: 'Clusters' });
    await table.waitFor({ timeout: 90_000 });
    const row = table.getByRole('row', { name: /Demo cluster/ });
    await row.waitFor({ timeout: 30_000 });
    const text = await row.innerText();
    expect(text).toMatch(/4\/4 ready/);
    expect(text).toMatch(/workers: 3\/3 \(2–6\)/);
    expect(text).toMatch(/ClusterAutoscaler/);
    // The example policy gives a cluster's health to everyone and its cost to its owners (the
    // platform team); the guest is in payments.
    expect(text).toMatch(/hidden by permissions/);
    expect(text).not.toMatch(/\$\d/);
    await page.screenshot({
      path: join(screenshots, 'fleet.png'),
      fullPage: true,
    });
  }, 150_000);

  it("sees that an example entity's stack is behind and opens the upgrade template with it filled in", async () => {
    await page.goto(
      `${backend.baseUrl}/catalog/default/component/payments-api`,
    );
    await page
      .getByText('Skyforge upgrade available')
      .waitFor({ timeout: 60_000 });
    expect(
      await page.getByText(/rendered by Skyforge renderer 0\.1\.0/).count(),
    ).toBe(1);
    await page.screenshot({
      path: join(screenshots, 'stack-upgrade-notice.png'),
      fullPage: true,
    });
    await page
      .getByRole('button', { name: 'Open an upgrade pull request' })
      .click();
    await page.waitForURL(
      /\/create\/templates\/default\/skyforge-upgrade-stack\?/,
    );
    const formData = new URL(page.url()).searchParams.get('formData');
    expect(JSON.parse(formData!)).toEqual({
      component: 'component:default/payments-api',
    });
    await page
      .getByText('Upgrade a Skyforge stack')
      .first()
      .waitFor({ timeout: 60_000 });
    await page.screenshot({
      path: join(screenshots, 'upgrade-template.png'),
      fullPage: true,
    });
  }, 120_000);

  it('fills the Kubernetes platform template, sees the cost preview follow the size, and reaches the review', async () => {
    await page.goto(`${backend.baseUrl}/create`);
    // The innermost card with the template's title (outer containers match too).
    const card = page
      .locator('article, .MuiCard-root')
      .filter({ hasText: 'Kubernetes platform on AWS, GCP and/or Azure' })
      .last();
    await card
      .getByRole('button', { name: /choose/i })
      .click({ timeout: 60_000 });

    await page.getByLabel('Name').first().fill('demo-api');
    const owner = page.getByLabel('Owner').first();
    await owner.fill('group:default/payments');
    await page.getByRole('button', { name: 'Next' }).click();

    // Clouds page: AWS is chosen by default; each cloud has its own region field.
    await page.locator('#root_regions_aws').click();
    await page.getByRole('option', { name: /US East \(N. Virginia\)/ }).click();
    await page.getByRole('button', { name: 'Next' }).click();

    // Cluster page: defaults (all environments, small); remember where Size is.
    await page.getByText('Size').first().waitFor();
    await page.getByRole('button', { name: 'Next' }).click();

    await page
      .getByLabel('Container image')
      .first()
      .fill('ghcr.io/acme/demo-api:1.0.0');
    const preview = page.getByText(/Total/).first();
    await preview.waitFor({ timeout: 30_000 });
    const readTotal = async () => {
      const text = await page.locator('form').innerText();
      const amounts = [...text.matchAll(/\$([\d,]+(?:\.\d+)?)/g)].map(match =>
        Number(match[1].replace(/,/g, '')),
      );
      return Math.max(...amounts);
    };
    const smallTotal = await readTotal();
    await page.screenshot({
      path: join(screenshots, 'wizard-small.png'),
      fullPage: true,
    });

    await page.getByRole('button', { name: 'Back' }).click();
    await page.locator('#root_size').click();
    await page.getByRole('option', { name: /^Large/ }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await preview.waitFor({ timeout: 30_000 });
    const largeTotal = await readTotal();
    expect(smallTotal).toBeGreaterThan(0);
    expect(largeTotal).toBeGreaterThan(smallTotal);
    await page.screenshot({
      path: join(screenshots, 'wizard-large.png'),
      fullPage: true,
    });

    await page.getByRole('button', { name: 'Next' }).click();
    // RepoUrlPicker's fields are autocompletes: type, then leave the field to commit the value.
    await page.getByLabel('Owner').last().pressSequentially('acme');
    await page.getByLabel('Owner').last().press('Tab');
    await page.getByLabel('Repository').last().pressSequentially('demo-api');
    await page.getByLabel('Repository').last().press('Tab');
    await page.getByRole('button', { name: 'Review' }).click();
    await page
      .getByRole('button', { name: 'Create' })
      .waitFor({ timeout: 30_000 });
    expect(await page.getByText('demo-api').count()).toBeGreaterThan(0);
    await page.screenshot({
      path: join(screenshots, 'wizard-review.png'),
      fullPage: true,
    });
  }, 180_000);
});
