import { execFile } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigReader } from '@backstage/config';
import { AwsIamStrategy } from '@backstage/plugin-kubernetes-backend';
import { KubernetesApiDouble } from './KubernetesApiDouble';
import { readListFixture } from './recordedObjects';

const execFileAsync = promisify(execFile);

/** A ClusterRole that lists pods, bound to a group; and a Role that reads one ConfigMap. */
const rbac = [
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'reader' },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'reader' },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'reader',
    },
    subjects: [
      { kind: 'Group', name: 'readers', apiGroup: 'rbac.authorization.k8s.io' },
    ],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'status', namespace: 'kube-system' },
    rules: [
      {
        apiGroups: [''],
        resources: ['configmaps'],
        resourceNames: ['cluster-autoscaler-status'],
        verbs: ['get'],
      },
    ],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'status', namespace: 'kube-system' },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'status',
    },
    subjects: [
      { kind: 'Group', name: 'readers', apiGroup: 'rbac.authorization.k8s.io' },
    ],
  },
];

const objects = () => [
  ...readListFixture('workloads-checkout.json'),
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cluster-autoscaler-status', namespace: 'kube-system' },
    data: { status: 'Cluster-wide: Health: Healthy' },
  },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'aws-auth', namespace: 'kube-system' },
    data: { mapRoles: '[]' },
  },
];

const AWS_PRINCIPAL = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  arn: 'arn:aws:iam::111122223333:role/skyforge-health-reader',
  groups: ['readers'],
};

describe('KubernetesApiDouble', () => {
  let double: KubernetesApiDouble;
  const get = async (requestPath: string, token?: string) => {
    const response = await fetch(`${double.url}${requestPath}`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
    return { status: response.status, body: await response.json() };
  };

  afterEach(() => double?.stop());

  it('serves recorded lists by label selector without authentication, like kubectl proxy', async () => {
    double = await KubernetesApiDouble.start({ objects: objects() });
    const pods = await get(
      '/api/v1/namespaces/storefront/pods?labelSelector=backstage.io%2Fkubernetes-id%3Dcheckout',
    );
    expect(pods.status).toBe(200);
    expect(pods.body.kind).toBe('PodList');
    expect(pods.body.items).toHaveLength(3);
    // Kinds of a CRD that is not installed are not served.
    expect((await get('/apis/keda.sh/v1alpha1/scaledobjects')).status).toBe(
      404,
    );
  });

  it('authenticates tokens and enforces RBAC with the API server’s answers', async () => {
    double = await KubernetesApiDouble.start({
      objects: [...objects(), ...rbac],
      authentication: {
        tokens: {
          reader: { username: 'health', groups: ['readers'] },
          admin: { username: 'admin', groups: ['system:masters'] },
        },
      },
    });
    expect((await get('/api/v1/pods')).body).toMatchObject({
      code: 401,
      reason: 'Unauthorized',
    });
    expect((await get('/api/v1/pods', 'reader')).status).toBe(200);
    // Discovery is open to every authenticated user.
    expect((await get('/apis', 'reader')).status).toBe(200);
    expect(await get('/api/v1/secrets', 'reader')).toEqual({
      status: 403,
      body: expect.objectContaining({
        reason: 'Forbidden',
        message:
          'secrets is forbidden: User "health" cannot list resource "secrets" in API group "" at the cluster scope',
      }),
    });
    // The Role names one ConfigMap: it may be read by name, nothing else in kube-system.
    expect(
      (
        await get(
          '/api/v1/namespaces/kube-system/configmaps/cluster-autoscaler-status',
          'reader',
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await get(
          '/api/v1/namespaces/kube-system/configmaps/aws-auth',
          'reader',
        )
      ).body.message,
    ).toBe(
      'configmaps "aws-auth" is forbidden: User "health" cannot get resource "configmaps" in API group "" in the namespace "kube-system"',
    );
    expect(
      (await get('/api/v1/namespaces/kube-system/configmaps', 'reader')).status,
    ).toBe(403);
    expect(
      (await get('/api/v1/namespaces/kube-system/configmaps', 'admin')).status,
    ).toBe(200);
    expect(double.log.at(-1)).toMatchObject({ user: 'admin', status: 200 });
  });

  it('accepts the EKS tokens the Kubernetes backend presigns, for its own cluster only', async () => {
    double = await KubernetesApiDouble.start({
      objects: [...objects(), ...rbac],
      authentication: {
        aws: { clusterId: 'payments-prod', principals: [AWS_PRINCIPAL] },
      },
    });
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: AWS_PRINCIPAL.accessKeyId,
      AWS_SECRET_ACCESS_KEY: AWS_PRINCIPAL.secretAccessKey,
      AWS_REGION: 'eu-west-1',
    });
    try {
      const strategy = new AwsIamStrategy({ config: new ConfigReader({}) });
      const token = async (clusterId: string) => {
        const credential = await strategy.getCredential({
          name: 'payments-prod-aws-cluster',
          url: double.url,
          authMetadata: {
            'kubernetes.io/auth-provider': 'aws',
            'kubernetes.io/x-k8s-aws-id': clusterId,
          },
        });
        return credential.type === 'bearer token' ? credential.token : '';
      };
      const good = await token('payments-prod');
      expect(good).toMatch(/^k8s-aws-v1\./);
      expect((await get('/api/v1/pods', good)).status).toBe(200);
      expect(double.log.at(-1)?.user).toBe(AWS_PRINCIPAL.arn);
      // Signed for another cluster: the signature does not verify for this one.
      expect((await get('/api/v1/pods', await token('other'))).status).toBe(
        401,
      );
      // Tampered with: a signed query parameter changed after signing.
      const tampered = `k8s-aws-v1.${Buffer.from(
        Buffer.from(good.slice(11), 'base64url')
          .toString()
          .replace('Version=2011-06-15', 'Version=2011-06-16'),
      ).toString('base64url')}`;
      expect((await get('/api/v1/pods', tampered)).status).toBe(401);
    } finally {
      process.env = saved;
    }
  });

  it('lets kubectl apply create roles and bindings over TLS, which then take effect', async () => {
    double = await KubernetesApiDouble.start({
      objects: objects(),
      tls: true,
      authentication: {
        tokens: {
          admin: { username: 'admin', groups: ['system:masters'] },
          reader: { username: 'health', groups: ['readers'] },
        },
      },
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyforge-rbac-'));
    try {
      const manifest = path.join(dir, 'rbac.json');
      const ca = path.join(dir, 'ca.crt');
      fs.writeFileSync(ca, double.certificateAuthority!);
      fs.writeFileSync(
        manifest,
        JSON.stringify({ apiVersion: 'v1', kind: 'List', items: rbac }),
      );
      const { stdout } = await execFileAsync(
        'kubectl',
        [
          '--server',
          double.url,
          '--certificate-authority',
          ca,
          '--token',
          'admin',
          'apply',
          '--validate=false',
          '-f',
          manifest,
        ],
        {
          env: { ...process.env, KUBECONFIG: path.join(dir, 'config') },
          timeout: 30_000,
        },
      );
      expect(stdout).toContain(
        'clusterrole.rbac.authorization.k8s.io/reader created',
      );
      expect(stdout).toContain(
        'rolebinding.rbac.authorization.k8s.io/status created',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const reader = await new Promise<number>((resolve, reject) =>
      https
        .get(
          `${double.url}/api/v1/pods`,
          {
            ca: double.certificateAuthority,
            headers: { Authorization: 'Bearer reader' },
          },
          response => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        )
        .on('error', reject),
    );
    expect(reader).toBe(200);
  });
});
