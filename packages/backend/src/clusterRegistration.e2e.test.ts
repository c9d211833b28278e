import { execFile } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
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
import { renderStack } from '@skyforge/stack-renderer';
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
import { StsAssumeRoleDouble } from './__testUtils__/stsAssumeRoleDouble';

/**
 * The loop from Create to Observe, end to end: a stack rendered by @skyforge/stack-renderer (its
 * `catalog-info.yaml`, the Backstage RBAC of `deploy/platform/prod-aws` and the Makefile's
 * `catalog-registration`, run against Terraform outputs played by a `terraform` shim); an EKS
 * cluster played by the local Kubernetes API double (recorded objects, HTTPS with its own CA, EKS
 * token authentication and RBAC enforcement); STS played by a local AssumeRole double; the
 * stack's RBAC applied with kubectl; and the real backend, whose Kubernetes backend finds the
 * cluster through the catalog cluster locator and reads it with the `aws` auth provider as the
 * health reader role it assumes, serving the app to headless Chromium.
 */

const execFileAsync = promisify(execFile);
const backendDir = resolve(__dirname, '..');
const screenshots = screenshotDir(backendDir);

/** The stack as the Create wizard would render it: payments-api in prod on AWS. */
const stack = {
  apiVersion: 'skyforge.io/v1alpha1',
  kind: 'Stack',
  metadata: {
    name: 'payments-api',
    owner: 'group:default/payments',
    system: 'payments',
    description: 'payments-api on Kubernetes, created by Skyforge',
  },
  spec: {
    clouds: ['aws'],
    regions: { aws: 'us-east-1' },
    environments: ['prod'],
    size: 'small',
    services: {
      postgres: false,
      redis: false,
      objectStorage: false,
      registry: false,
      monitoring: false,
    },
    app: { image: 'ghcr.io/acme/payments-api:1.4.2', port: 8080 },
  },
};

/** The EKS cluster's name (the root's local.name): the audience the stack's tokens are signed for. */
const EKS_CLUSTER_ID = 'payments-api-prod';
/** The health reader role the prod environment creates (its Terraform output health_reader_role_arn). */
const HEALTH_READER_ROLE =
  'arn:aws:iam::111122223333:role/payments-api-prod-health-reader';
/** Backstage's own AWS identity, listed in backstage_principal_arns: it assumes the reader role. */
const backstageIdentity = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  arn: 'arn:aws:iam::111122223333:role/backstage',
};
/** The reader role's session, which the stack's EKS access entry maps to the health reader group. */
const readerSession = {
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  sessionToken: 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN',
};
const readerPrincipal = {
  ...readerSession,
  arn: HEALTH_READER_ROLE,
  groups: [HEALTH_READER_GROUP],
};

/**
 * Writes the rendered files the test uses into `workDir`, with a `terraform` shim that answers
 * `terraform output -json <name>` as the applied prod root would.
 */
function writeRenderedStack(
  workDir: string,
  outputs: Record<string, string>,
): void {
  const { files } = renderStack(stack);
  for (const path of [
    'Makefile',
    'catalog-info.yaml',
    'deploy/platform/prod-aws/health-reader.yaml',
  ]) {
    mkdirSync(join(workDir, path, '..'), { recursive: true });
    writeFileSync(join(workDir, path), files[path]);
  }
  const shim = join(workDir, 'bin/terraform');
  mkdirSync(join(shim, '..'), { recursive: true });
  writeFileSync(
    shim,
    [
      '#!/usr/bin/env bash',
      '# terraform -chdir=infra/envs/prod/aws output -json <name>',
      '[ "$1" = -chdir=infra/envs/prod/aws ] && [ "$2" = output ] && [ "$3" = -json ] || exit 2',
      'case "$4" in',
      ...Object.entries(outputs).map(
        ([name, value]) => `  ${name}) echo '${JSON.stringify(value)}' ;;`,
      ),
      '  *) echo "Error: Output \\"$4\\" not found" >&2; exit 1 ;;',
      'esac',
      '',
    ].join('\n'),
  );
  chmodSync(shim, 0o755);
}

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

  let sts: StsAssumeRoleDouble;
  let registrationOutput: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'skyforge-registration-'));
    sts = await StsAssumeRoleDouble.start([
      {
        roleArn: HEALTH_READER_ROLE,
        trustedAccessKeyId: backstageIdentity.accessKeyId,
        trustedPrincipalArn: backstageIdentity.arn,
        session: readerSession,
      },
    ]);
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
        aws: { clusterId: EKS_CLUSTER_ID, principals: [readerPrincipal] },
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

    // After apply, the rendered Makefile writes the root's outputs into catalog-info.yaml.
    writeRenderedStack(workDir, {
      cluster_endpoint: cluster.url,
      cluster_certificate_authority: Buffer.from(
        cluster.certificateAuthority!,
      ).toString('base64'),
      health_reader_role_arn: HEALTH_READER_ROLE,
    });
    ({ stdout: registrationOutput } = await execFileAsync(
      'make',
      ['--no-print-directory', 'catalog-registration', 'ENV=prod', 'CLOUD=aws'],
      {
        cwd: workDir,
        env: {
          ...process.env,
          PATH: `${join(workDir, 'bin')}:${process.env.PATH}`,
        },
      },
    ));
    const catalogInfo = join(workDir, 'catalog-info.yaml');
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
      // Backstage's own AWS identity; the aws auth provider assumes the reader role with it (at
      // the STS double) and presigns EKS tokens with the role's session.
      env: {
        AWS_ACCESS_KEY_ID: backstageIdentity.accessKeyId,
        AWS_SECRET_ACCESS_KEY: backstageIdentity.secretAccessKey,
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL_STS: sts.url,
      },
    });
    page = await signInAsGuest(browser, backend.baseUrl, 'payments-api');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
    await cluster?.stop();
    await sts?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('renders exactly the health reader contract as the Backstage RBAC, and the registration the Makefile filled in', () => {
    expect(registrationOutput).toContain(
      'payments-api-prod-aws-cluster registered',
    );
    const documents = parseAllDocuments(
      readFileSync(
        join(workDir, 'deploy/platform/prod-aws/health-reader.yaml'),
        'utf8',
      ),
    ).map(document => document.toJS());
    expect(documents).toEqual(
      healthReaderRbacObjects({
        subjects: [{ kind: 'Group', name: HEALTH_READER_GROUP }],
      }),
    );
    const resource = parseAllDocuments(
      readFileSync(join(workDir, 'catalog-info.yaml'), 'utf8'),
    )
      .map(document => document.toJS())
      .find(
        entity => entity?.metadata?.name === 'payments-api-prod-aws-cluster',
      );
    expect(resource.metadata.annotations).toMatchObject({
      'kubernetes.io/api-server': cluster.url,
      'kubernetes.io/auth-provider': 'aws',
      'kubernetes.io/x-k8s-aws-id': EKS_CLUSTER_ID,
      'kubernetes.io/aws-assume-role': HEALTH_READER_ROLE,
      'skyforge.io/cost-selector':
        'kubernetes-cluster=payments-api-prod-aws-cluster',
    });
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
        entry => entry.user === readerPrincipal.arn && entry.status === 403,
      ),
    ).toBe(true);

    const { stdout } = await execFileAsync(
      'kubectl',
      [
        ...kubectlArgs,
        'apply',
        '--validate=false',
        '-f',
        join(workDir, 'deploy/platform/prod-aws/health-reader.yaml'),
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

    // Every read after the RBAC was the reader role Backstage assumed, and the RBAC allowed each one.
    expect(sts.calls).toContainEqual({
      action: 'AssumeRole',
      accessKeyId: backstageIdentity.accessKeyId,
      roleArn: HEALTH_READER_ROLE,
      granted: true,
    });
    const reads = cluster.log
      .slice(appliedAt)
      .filter(entry => entry.user === readerPrincipal.arn);
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
