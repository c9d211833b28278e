import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { checkRepository, formatFinding } from './checkRepository';
import { validManifests } from './manifests/testing/validManifests';

/**
 * checkRepository on small repositories written to disk, with the real `kubectl kustomize` and the
 * vendored provider schemas. Whole renders are checked by `skyforge check`'s tests in
 * @skyforge/stack-renderer (src/cli/checkCommand.test.ts).
 */

const MUTABLE_REGISTRY = `resource "aws_ecr_repository" "app" {
  name                 = "app"
  image_tag_mutability = "MUTABLE"
}
`;

describe('checkRepository', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'skyforge-check-repository-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function write(files: Record<string, string>) {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
  }

  function overlay(objects: unknown[]): Record<string, string> {
    return {
      'deploy/overlays/prod-aws/kustomization.yaml': stringify({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: ['objects.yaml'],
      }),
      'deploy/overlays/prod-aws/objects.yaml': objects
        .map(object => stringify(object))
        .join('---\n'),
    };
  }

  it('finds nothing in a clean overlay and reports what it looked at', async () => {
    write(overlay(validManifests()));
    const report = await checkRepository({ directory: root });
    expect(report).toEqual({
      findings: [],
      terraformFiles: 0,
      overlays: ['deploy/overlays/prod-aws'],
      skipped: [],
    });
  });

  it('names family, rule, file and address of each finding, skipping tool state', async () => {
    const objects = validManifests();
    (
      objects[0] as { automountServiceAccountToken?: boolean }
    ).automountServiceAccountToken = true;
    write({
      ...overlay(objects),
      'infra/envs/prod/aws/main.tf': MUTABLE_REGISTRY.replace(
        '  name ',
        '  nmae = "app"\n  name ',
      ),
      // Provider and module copies under .terraform are not the repository's own code.
      'infra/envs/prod/aws/.terraform/modules/x/main.tf': 'not HCL {',
    });
    const report = await checkRepository({ directory: root });
    expect(report.terraformFiles).toBe(1);
    const rows = report.findings.map(finding => [
      finding.family,
      finding.rule,
      finding.file,
      finding.address,
    ]);
    expect(rows.slice(0, 2)).toEqual([
      [
        'manifest',
        'service-account-tokens',
        'deploy/overlays/prod-aws',
        undefined,
      ],
      [
        'schema',
        'unknown-argument',
        'infra/envs/prod/aws/main.tf',
        'aws_ecr_repository.app.nmae',
      ],
    ]);
    expect(rows).toContainEqual([
      'security',
      'CKV_AWS_51',
      'infra/envs/prod/aws/main.tf',
      'aws_ecr_repository.app',
    ]);
    // Findings come by file, then family: every security finding follows the schema finding.
    expect(rows.slice(2).every(row => row[0] === 'security')).toBe(true);
    const mutable = report.findings.find(
      finding => finding.rule === 'CKV_AWS_51',
    )!;
    expect(formatFinding(mutable)).toMatch(
      /^infra\/envs\/prod\/aws\/main\.tf: CKV_AWS_51 \(security\) aws_ecr_repository\.app: ECR image tags immutable: .+/,
    );
  });

  it('reports an overlay kustomize cannot build as a finding of that overlay', async () => {
    write({
      'deploy/overlays/dev-gcp/kustomization.yaml':
        'resources: [missing.yaml]\n',
    });
    const report = await checkRepository({ directory: root });
    expect(report.findings).toEqual([
      expect.objectContaining({
        family: 'manifest',
        rule: 'kustomize-build',
        file: 'deploy/overlays/dev-gcp',
        message: expect.stringContaining('missing.yaml'),
      }),
    ]);
  });

  it('needs kubectl for the manifest checks, or lists them as skipped when told not to', async () => {
    write(overlay(validManifests()));
    const kubectl = join(root, 'no-such-kubectl');
    await expect(checkRepository({ directory: root, kubectl })).rejects.toThrow(
      /no-such-kubectl not found: the manifest checks build each overlay/,
    );
    const report = await checkRepository({
      directory: root,
      kubectl,
      requireKubectl: false,
    });
    expect(report.overlays).toEqual([]);
    expect(report.skipped).toEqual([
      expect.stringMatching(/^manifest checks of deploy\/overlays\/prod-aws: /),
    ]);
  });

  it('refuses a directory that does not exist', async () => {
    await expect(
      checkRepository({ directory: join(root, 'missing') }),
    ).rejects.toThrow(/missing: no such directory/);
  });
});
