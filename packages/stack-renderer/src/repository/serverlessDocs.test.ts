import { parseStackSpec } from '../spec/stackSpec';
import { exampleSpecs } from '../testing/exampleSpecs';
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

describe('the docs of serverless environments', () => {
  it.each(['trading-api', 'dev-lab', 'lab-azure'])(
    'never tell %s (serverless only) to use kubectl, a ConfigMap, Kustomize or a Kubernetes version',
    key => {
      const docs = renderedDocs(exampleSpecs[key]);
      expect(mentions(docs, KUBERNETES_ONLY)).toEqual([]);
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

  it('say which environments each part applies to in a stack that mixes both', () => {
    const input = structuredClone(exampleSpecs['gcp-medium']!) as {
      spec: {
        overrides?: Record<string, unknown>;
        services: Record<string, boolean>;
      };
    };
    input.spec.overrides = { dev: { compute: 'serverless' } };
    input.spec.services.monitoring = false;
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
