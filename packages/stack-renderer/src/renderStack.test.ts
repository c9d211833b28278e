import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderStack } from './renderStack';
import { exampleSpecs } from './testing/exampleSpecs';

/**
 * Golden renders: the whole rendered repository of each example spec, one reviewable text file
 * per spec. Regenerate after an intended change with `UPDATE_GOLDEN=1` and review the diff.
 */
const GOLDEN_DIR = join(__dirname, '__golden__');

function serialize(files: Record<string, string>): string {
  return Object.entries(files)
    .map(
      ([path, content]) =>
        `===== ${path} =====\n${content}${content.endsWith('\n') ? '' : '\n'}`,
    )
    .join('');
}

describe('renderStack', () => {
  it.each(Object.keys(exampleSpecs))(
    'matches the golden render of %s',
    name => {
      const { files } = renderStack(exampleSpecs[name]);
      const golden = join(GOLDEN_DIR, `${name}.txt`);
      const actual = serialize(files);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, actual);
      expect(existsSync(golden)).toBe(true);
      expect(actual).toBe(readFileSync(golden, 'utf8'));
    },
  );

  it('is deterministic: identical input gives byte-identical output', () => {
    const first = renderStack(exampleSpecs['all-clouds-gpu']);
    const second = renderStack(
      JSON.parse(JSON.stringify(exampleSpecs['all-clouds-gpu'])),
    );
    expect(second).toEqual(first);
    expect(Object.keys(first.files)).toEqual(
      [...Object.keys(first.files)].sort(),
    );
  });

  it('renders the layout of the architecture contract for every cloud and environment', () => {
    const { files } = renderStack(exampleSpecs['all-clouds-gpu']);
    const paths = Object.keys(files);
    for (const file of [
      'skyforge.yaml',
      'catalog-info.yaml',
      'README.md',
      'Makefile',
      'mkdocs.yml',
    ]) {
      expect(paths).toContain(file);
    }
    for (const cloud of ['aws', 'gcp', 'azure']) {
      expect(paths).toContain(`infra/bootstrap/${cloud}/main.tf`);
      for (const capability of [
        'network',
        'cluster',
        'database',
        'cache',
        'storage',
        'registry',
        'monitoring',
      ]) {
        expect(paths).toContain(`infra/modules/${capability}/${cloud}/main.tf`);
      }
      for (const environment of ['dev', 'staging', 'prod']) {
        for (const file of [
          'versions.tf',
          'backend.tf',
          'main.tf',
          'variables.tf',
          'outputs.tf',
          'terraform.tfvars',
        ]) {
          expect(paths).toContain(`infra/envs/${environment}/${cloud}/${file}`);
        }
        expect(paths).toContain(
          `deploy/overlays/${environment}-${cloud}/kustomization.yaml`,
        );
      }
      expect(paths).toContain(`deploy/components/${cloud}/kustomization.yaml`);
    }
    // The application of all-clouds-gpu does not ask for GPUs: its GPU pools stay empty.
    expect(paths).not.toContain('deploy/components/gpu/kustomization.yaml');
    for (const environment of ['dev', 'staging', 'prod']) {
      expect(paths).toContain(
        `deploy/platform/${environment}-aws/kustomization.yaml`,
      );
      expect(paths).toContain(
        `infra/envs/${environment}/aws/tests/day1.tftest.hcl`,
      );
    }
    expect(paths).toContain('infra/bootstrap/aws/tests/bootstrap.tftest.hcl');
    expect(paths.some(path => path.startsWith('.github/workflows/'))).toBe(
      true,
    );
  });

  it('leaves out the modules of services that are off', () => {
    const { files } = renderStack(exampleSpecs['minimal-services']);
    const paths = Object.keys(files);
    for (const capability of [
      'database',
      'cache',
      'storage',
      'registry',
      'monitoring',
    ]) {
      expect(
        paths.some(path => path.startsWith(`infra/modules/${capability}/`)),
      ).toBe(false);
    }
    expect(
      paths.some(path => path.startsWith('infra/modules/cluster/gcp/')),
    ).toBe(true);
    expect(paths.some(path => path.includes('/aws/'))).toBe(false);
  });

  it('warns about choices worth a second look without failing', () => {
    const { warnings } = renderStack(exampleSpecs['aws-gpu-large']);
    expect(warnings.join('\n')).toMatch(/publicEndpointCidrs/);
    expect(warnings.join('\n')).toMatch(/spec.app.ingress.host/);
    expect(warnings.join('\n')).not.toMatch(/no prod environment/);
    expect(warnings).toContain(
      'spec.app.hpa.max: prod on aws asks for up to 20 replicas with one GPU each, but its GPU pool holds 8; the HorizontalPodAutoscaler is capped at 8.',
    );
    expect(
      renderStack(exampleSpecs['all-clouds-gpu']).warnings.join('\n'),
    ).toMatch(/GPU pools stay at zero nodes/);
    expect(
      renderStack(exampleSpecs['minimal-services']).warnings.join('\n'),
    ).toMatch(/no prod environment/);
  });

  it('never writes secrets into the rendered files', () => {
    for (const spec of Object.values(exampleSpecs)) {
      for (const [path, content] of Object.entries(renderStack(spec).files)) {
        expect({
          path,
          match: content.match(
            /(password|secret|access_key|client_secret)\s*=\s*"[^"$]+"/i,
          ),
        }).toEqual({ path, match: null });
        expect({
          path,
          match: content.match(
            /AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----/,
          ),
        }).toEqual({ path, match: null });
      }
    }
  });
});
