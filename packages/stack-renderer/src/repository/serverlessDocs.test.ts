import { renderStack } from '../renderStack';
import { parseStackSpec } from '../spec/stackSpec';
import { exampleSpecs, mixedComputeSpec } from '../testing/exampleSpecs';
import { renderRepositoryFiles } from './renderRepositoryFiles';

/** The README and the TechDocs pages of a rendered stack, by path. */
function renderedDocs(input: unknown): Record<string, string> {
  const files = renderRepositoryFiles(parseStackSpec(input));
  return Object.fromEntries(
    Object.entries(files).filter(
      ([path]) => path === 'README.md' || /^docs\/.*\.md$/.test(path),
    ),
  ) as Record<string, string>;
}

/** Every line of the docs that matches the pattern, as `path: line`. */
function mentions(docs: Record<string, string>, pattern: RegExp): string[] {
  return Object.entries(docs).flatMap(([path, text]) =>
    text
      .split('\n')
      .filter(line => pattern.test(line))
      .map(line => `${path}: ${line}`),
  );
}

const KUBERNETES_ONLY =
  /kubectl|ConfigMap|Kustomiz|Kubernetes version|kubernetesVersion/i;

/**
 * What a stack without any cluster has no use for: the HPA, the EKS Pod Identity role, a cluster's
 * deletion protection, node pools and control plane, the cluster sign-in plugins, the overlays and
 * the k8s targets (make smoke asks the platform, never k8s-smoke), the Ingress, and the
 * private-endpoint documentation of EKS, GKE and AKS.
 */
const CLUSTER_ONLY =
  /HPA\)|Pod Identity|(EKS|GKE|AKS) cluster|node pool|control plane|kubelogin|gke-gcloud-auth-plugin|make k8s-|overlay|The Ingress|Amazon EKS|Google Kubernetes Engine|Azure Kubernetes Service|next to the AKS nodes|workload identity webhook|module\.cluster\./;

describe('the docs of serverless environments', () => {
  it.each(['trading-api', 'dev-lab', 'lab-azure'])(
    'never tell %s (serverless only) to use kubectl, a ConfigMap, Kustomize, a Kubernetes version or anything else only a cluster has',
    key => {
      const docs = renderedDocs(exampleSpecs[key]);
      expect(mentions(docs, KUBERNETES_ONLY)).toEqual([]);
      expect(mentions(docs, CLUSTER_ONLY)).toEqual([]);
      const operations = docs['docs/operations.md']!;
      expect(operations).toContain('- **Serverless runtime (');
      expect(operations).toContain('`make deploy` rolls the image out');
      expect(operations).not.toContain('## How CI reaches the clusters');
      expect(docs['README.md']).not.toContain('health-reader');
      expect(docs['README.md']).toContain('Health tab shows no workloads');
      expect(docs['README.md']).toMatch(
        /The container reads its configuration from environment variables, set in the container `(env|environment)` of the (ECS task definition|Cloud Run revision|Container App revision)/,
      );
    },
  );

  it.each(['trading-api', 'dev-lab', 'lab-azure'])(
    'leave the Terraform, workflows and .gitignore of %s without the cluster wording of their descriptions',
    key => {
      const files = renderStack(parseStackSpec(exampleSpecs[key])).files;
      const found = Object.entries(files).flatMap(([path, text]) =>
        text
          .split('\n')
          .filter(line =>
            /Pod Identity role|pins the overlay|Regional cluster|Kustomize overlay|make k8s-apply built/.test(
              line,
            ),
          )
          .map(line => `${path}: ${line}`),
      );
      expect(found).toEqual([]);
    },
  );

  it.each([
    ['trading-api', 'Tasks (Application Auto Scaling)', '| 3-12 |'],
    ['dev-lab', 'Instances (Cloud Run autoscaling)', '| 1-10 |'],
    ['lab-azure', 'Replicas (KEDA scale rules)', '| 1-10 |'],
  ])(
    'name what scales %s in the environments table: %s',
    (key, header, staging) => {
      const docs = renderedDocs(exampleSpecs[key]);
      for (const path of ['README.md', 'docs/index.md']) {
        expect(docs[path]).toContain(`| Deletion protection | ${header} |`);
        expect(docs[path]).toContain(staging);
      }
    },
  );

  it('say which identity signs in to MSK: the ECS task role, not a Pod Identity role', () => {
    const readme = renderedDocs(exampleSpecs['trading-api'])['README.md']!;
    expect(readme).toContain(
      '| `KAFKA_BOOTSTRAP_SERVERS` | Amazon MSK (provisioned) | `kafka_bootstrap_servers` | MSK brokers for SASL/IAM (TLS on 9098); the ECS task role signs in (aws-msk-iam-auth). |',
    );
    const input = structuredClone(exampleSpecs['trading-api']!) as {
      spec: { compute?: string; app: { hpa: { latencyMs?: number } } };
    };
    delete input.spec.compute;
    delete input.spec.app.hpa.latencyMs;
    expect(renderedDocs(input)['README.md']).toContain(
      'MSK brokers for SASL/IAM (TLS on 9098); the Pod Identity role signs in (aws-msk-iam-auth). |',
    );
  });

  it('protect from deletion only what a serverless stack has (no cluster)', () => {
    const architecture = (key: string) =>
      renderedDocs(exampleSpecs[key])['docs/architecture.md']!;
    expect(architecture('trading-api')).toContain(
      'Deletion protection: the RDS database has deletion protection and keeps a final snapshot; S3 refuses',
    );
    expect(architecture('dev-lab')).toContain(
      'Deletion protection: the Cloud SQL instance has deletion protection;',
    );
    expect(architecture('lab-azure')).toContain(
      'Deletion protection: the PostgreSQL server and the storage account have delete locks.',
    );
    expect(architecture('aws-small')).toContain(
      'the EKS cluster has none, because AWS provider 5.100 cannot set it',
    );
    expect(architecture('gcp-medium')).toContain(
      'the GKE cluster and the Cloud SQL instance have deletion protection',
    );
  });

  it('say which environments each part applies to in a stack that mixes both', () => {
    const input = mixedComputeSpec();
    const docs = renderedDocs(input);
    const operations = docs['docs/operations.md']!;
    const readme = docs['README.md']!;

    expect(operations).toContain(
      '- **Kubernetes version (prod/gcp):** change `spec.cluster.kubernetesVersion`',
    );
    expect(operations).toContain(
      '- **Serverless runtime (dev/gcp):** there is no cluster to upgrade: Cloud Run',
    );
    expect(operations).toContain(
      '4. Kubernetes environments (prod/gcp): `make k8s-apply` applies the overlay',
    );
    expect(operations).toContain(
      'Serverless environments (dev/gcp): `make deploy` rolls the image out',
    );
    expect(operations).toContain('kubectl rollout status');
    expect(operations).toContain('## How CI reaches the clusters');
    expect(readme).toContain(
      'Kubernetes environments (prod/gcp): the container reads its configuration from the environment (ConfigMap',
    );
    expect(readme).toContain(
      'Serverless environments (dev/gcp): the container reads its configuration from environment variables, set in the container `env` of the Cloud Run revision',
    );
    expect(docs['docs/local-stack.md']).toContain(
      'as in Kubernetes and on its serverless service',
    );
    // The table names each row's scaler, since the column cannot name one for both.
    expect(readme).toContain('| Deletion protection | Scales between |');
    expect(readme).toMatch(
      /\| dev \| GCP \|.* \| \d+-\d+ instances \(Cloud Run autoscaling\) \|/,
    );
    expect(readme).toMatch(
      /\| prod \| GCP \|.* \| \d+-\d+ replicas \(HPA\) \|/,
    );
  });

  it('keep a Kubernetes-only stack on its Kubernetes wording', () => {
    const docs = renderedDocs(exampleSpecs['gcp-medium']);
    expect(docs['docs/operations.md']).toContain(
      '- **Kubernetes version:** change `spec.cluster.kubernetesVersion`',
    );
    expect(docs['docs/operations.md']).not.toContain('Serverless runtime');
    expect(
      mentions(docs, /serverless (environments|runtime|service)/i),
    ).toEqual([]);
  });
});
