import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  clusterAutoscalerStatusConfigMap,
  KubernetesApiDouble,
  readListFixture,
  type ServedObject,
} from '@skyforge/kubernetes-api-double';
import {
  HEALTH_READER_GROUP,
  healthReaderRbacObjects,
} from '@skyforge/plugin-skyforge-common';
import type { Browser, Page } from 'playwright-core';
import { parseAllDocuments } from 'yaml';
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
 * The loop from Create to Observe, end to end: a `kubernetes-cluster` Resource and a Component as
 * a rendered stack registers them (fixtures in __fixtures__/rendered-stack), an EKS cluster
 * played by the local Kubernetes API double (recorded objects, HTTPS with its own CA, EKS token
 * authentication and RBAC enforcement), the stack's Backstage RBAC applied to it with kubectl,
 * and the real backend — whose Kubernetes backend finds the cluster through the catalog cluster
 * locator and reads it with the `aws` auth provider — serving the app to headless Chromium.
 */

const execFileAsync = promisify(execFile);
const backendDir = resolve(__dirname, '..');
const fixtures = join(__dirname, '__fixtures__/rendered-stack');
const screenshots = screenshotDir(backendDir);

/** The EKS cluster's name: the audience the stack's tokens are signed for. */
const EKS_CLUSTER_ID = 'payments-api-prod';
/** Backstage's AWS identity, which the stack's EKS access entry maps to the health reader group. */
const backstagePrincipal = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  arn: 'arn:aws:iam::111122223333:role/payments-api-prod-backstage-health-reader',
  groups: [HEALTH_READER_GROUP],
};

/** The cluster's recorded objects, with payments-api in the namespace its rendered overlay uses. */
function clusterObjects(): ServedObject[] {
  const paymentsApi = readListFixture('workloads-payments.json')
    .filter(
      object =>
        object.metadata.labels?.['backstage.io/kubernetes-id'] ===
        'payments-api',
    )
    .map(object => ({
      ...object,
      metadata: { ...object.metadata, namespace: 'payments-api' },
    }));
  return [
    ...paymentsApi,
    ...readListFixture('nodes-eks.json'),
    ...readListFixture('karpenter-nodepools.json'),
    ...readListFixture('workloads-kube-system.json'),
    clusterAutoscalerStatusConfigMap('cluster-autoscaler-status.txt'),
  ];
}

describe('A cluster a rendered stack registers shows its health (Kubernetes API double with RBAC, real backend, headless Chromium)', () => {
  let cluster: KubernetesApiDouble;
  let backend: RunningBackend;
  let browser: Browser;
  let page: Page;
  let workDir: string;
  let kubectlArgs: string[];

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'skyforge-registration-'));
    cluster = await KubernetesApiDouble.start({
      objects: clusterObjects(),
      tls: true,
      authentication: {
        tokens: {
          'cluster-admin-token': {
            username: 'kubernetes-admin',
            groups: ['system:masters'],
          },
        },
        aws: { clusterId: EKS_CLUSTER_ID, principals: [backstagePrincipal] },
      },
    });
    const caFile = join(workDir, 'ca.crt');
    writeFileSync(caFile, cluster.certificateAuthority!);
    kubectlArgs = [
      '--server',
      cluster.url,
      '--certificate-authority',
      caFile,
      '--token',
      'cluster-admin-token',
    ];

    // The apply workflow fills in the cluster's endpoint and CA; the stack registers the file.
    const catalogInfo = join(workDir, 'catalog-info.yaml');
    writeFileSync(
      catalogInfo,
      readFileSync(join(fixtures, 'catalog-info.yaml'), 'utf8')
        .replaceAll('${API_SERVER}', cluster.url)
        .replaceAll(
          '${API_SERVER_CA}',
          Buffer.from(cluster.certificateAuthority!).toString('base64'),
        ),
    );
    const repoRoot = resolve(backendDir, '../..');
    browser = await launchChromium(backendDir);
    backend = await startBackend({
      backendDir,
      extraConfig: [
        'catalog:',
        '  locations:',
        '    - type: file',
        `      target: ${JSON.stringify(join(repoRoot, 'examples/org.yaml'))}`,
        '      rules:',
        '        - allow: [User, Group]',
        '    - type: file',
        `      target: ${JSON.stringify(catalogInfo)}`,
        'skyforge:',
        '  demo:',
        '    kubernetesCluster: false',
        '  cost:',
        '    sources: []',
      ],
      // Backstage's own AWS identity; the aws auth provider presigns EKS tokens with it.
      env: {
        AWS_ACCESS_KEY_ID: backstagePrincipal.accessKeyId,
        AWS_SECRET_ACCESS_KEY: backstagePrincipal.secretAccessKey,
        AWS_REGION: 'us-east-1',
      },
    });
    page = await signInAsGuest(browser, backend.baseUrl, 'payments-api');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
    await cluster?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('the rendered RBAC fixture is exactly the health reader contract', () => {
    const documents = parseAllDocuments(
      readFileSync(join(fixtures, 'backstage-health-rbac.yaml'), 'utf8'),
    ).map(document => document.toJS());
    expect(documents).toEqual(
      healthReaderRbacObjects({
        subjects: [{ kind: 'Group', name: HEALTH_READER_GROUP }],
      }),
    );
  });

  it('applies the Backstage RBAC with kubectl, and then shows the Component and the cluster Resource with the cluster’s objects', async () => {
    // Before the RBAC: Backstage's identity is authenticated but may read nothing.
    await page.goto(
      `${backend.baseUrl}/catalog/default/component/payments-api/health`,
    );
    const denied = page.getByRole('region', {
      name: /Cluster payments-api prod Amazon EKS/,
    });
    await denied.waitFor({ timeout: 90_000 });
    expect(await denied.innerText()).toMatch(/forbidden/i);
    expect(
      cluster.log.some(
        entry => entry.user === backstagePrincipal.arn && entry.status === 403,
      ),
    ).toBe(true);

    const { stdout } = await execFileAsync(
      'kubectl',
      [
        ...kubectlArgs,
        'apply',
        '--validate=false',
        '-f',
        join(fixtures, 'backstage-health-rbac.yaml'),
      ],
      { env: { ...process.env, KUBECONFIG: join(workDir, 'kubeconfig') } },
    );
    expect(stdout).toContain(
      'clusterrole.rbac.authorization.k8s.io/skyforge-health-reader created',
    );
    expect(stdout).toContain(
      'rolebinding.rbac.authorization.k8s.io/skyforge-health-reader created',
    );
    const appliedAt = cluster.log.length;

    // The health cache (5 s, then served stale while refreshing) must pass before the new answer.
    const eks = page.getByRole('region', {
      name: /Cluster payments-api prod Amazon EKS/,
    });
    await reloadUntilVisible(
      page,
      eks
        .getByRole('table', { name: /^Workloads in / })
        .getByRole('row', { name: /payments-api\/payments-api/ }),
    );
    const componentText = await page.locator('main').innerText();
    expect(componentText).toMatch(/OOMKilled/);
    expect(componentText).toMatch(/HPA payments-api/);
    await page.screenshot({
      path: join(screenshots, 'registered-component-health.png'),
      fullPage: true,
    });

    await page.goto(
      `${backend.baseUrl}/catalog/default/resource/payments-api-prod-aws-cluster/health`,
    );
    const nodePools = page.getByRole('table', { name: /^Node pools in / });
    await nodePools.waitFor({ timeout: 90_000 });
    expect(await nodePools.innerText()).toMatch(/workers/);
    const systemWorkloads = page.getByRole('table', { name: /^Workloads in / });
    expect(await systemWorkloads.innerText()).toMatch(/kube-system\/coredns/);
    expect(await page.locator('main').innerText()).toMatch(
      /System workloads \(kube-system\)/,
    );
    await page.screenshot({
      path: join(screenshots, 'registered-cluster-health.png'),
      fullPage: true,
    });

    // Every read after the RBAC was Backstage's AWS identity, and the RBAC allowed each one.
    const reads = cluster.log
      .slice(appliedAt)
      .filter(entry => entry.user === backstagePrincipal.arn);
    expect(reads.map(entry => entry.path)).toEqual(
      expect.arrayContaining([
        '/api/v1/namespaces/payments-api/pods?labelSelector=backstage.io%2Fkubernetes-id%3Dpayments-api',
        '/api/v1/nodes',
        '/api/v1/namespaces/kube-system/configmaps/cluster-autoscaler-status',
      ]),
    );
    expect(reads.filter(entry => entry.status === 403)).toEqual([]);
  }, 300_000);
});
