import { parse, parseAllDocuments } from 'yaml';
import { parseStackSpec } from '../spec/stackSpec';
import { exampleSpecs } from '../testing/exampleSpecs';
import { serverlessScriptPath } from './deployDispatch';
import { renderRepositoryFiles } from './renderRepositoryFiles';

const EXPECTED_FILES = [
  '.github/workflows/apply.yaml',
  '.github/workflows/destroy.yaml',
  '.github/workflows/plan.yaml',
  '.github/workflows/validate.yaml',
  '.gitignore',
  'Makefile',
  'README.md',
  'catalog-info.yaml',
  'docs/architecture.md',
  'docs/index.md',
  'docs/local-stack.md',
  'docs/operations.md',
  'mkdocs.yml',
  'scripts/push-image.sh',
  'skyforge.yaml',
];

describe('renderRepositoryFiles', () => {
  it.each(Object.keys(exampleSpecs))(
    'renders the repository files of %s, sorted, outside infra/ and deploy/',
    key => {
      const files = renderRepositoryFiles(parseStackSpec(exampleSpecs[key]));
      // Stacks with serverless targets also get the deploy script of each such cloud.
      const scripts =
        exampleSpecs[key]!.spec.compute === 'serverless'
          ? exampleSpecs[key]!.spec.clouds.map(serverlessScriptPath)
          : [];
      expect(Object.keys(files)).toEqual(
        [...EXPECTED_FILES, ...scripts].sort(),
      );
      for (const content of Object.values(files)) {
        expect(content.endsWith('\n')).toBe(true);
        expect(content).not.toMatch(/\r|\t$/m);
      }
      const yamlFiles = Object.entries(files).filter(([path]) =>
        /\.ya?ml$/.test(path),
      );
      expect(yamlFiles).toHaveLength(7);
      for (const [, content] of yamlFiles) {
        const documents = parseAllDocuments(content);
        expect(
          Array.isArray(documents)
            ? documents.flatMap(document => document.errors)
            : ['not a stream'],
        ).toEqual([]);
        // Anchors and aliases are valid YAML but hard to review and not understood by every tool.
        expect(content).not.toMatch(/(^|\s)[&*]a\d+\b/m);
      }
    },
  );

  it('is deterministic: identical input, byte-identical output, whatever the input order', () => {
    const input = exampleSpecs['all-clouds-gpu']!;
    const first = renderRepositoryFiles(parseStackSpec(input));
    const second = renderRepositoryFiles(
      parseStackSpec(structuredClone(input)),
    );
    expect(second).toEqual(first);
    const reordered = structuredClone(input) as {
      spec: { clouds: string[]; environments: string[] };
    };
    reordered.spec.clouds = [...reordered.spec.clouds].reverse();
    reordered.spec.environments = [...reordered.spec.environments].reverse();
    expect(renderRepositoryFiles(parseStackSpec(reordered))).toEqual(first);
  });

  it('gives TechDocs a navigation whose pages all exist', () => {
    const files = renderRepositoryFiles(
      parseStackSpec(exampleSpecs['aws-small']),
    );
    const mkdocs = parse(files['mkdocs.yml']!) as {
      site_name: string;
      nav: Array<Record<string, string>>;
      plugins: string[];
    };
    expect(mkdocs.site_name).toBe('payments-api');
    expect(mkdocs.plugins).toEqual(['techdocs-core']);
    for (const page of mkdocs.nav.flatMap(entry => Object.values(entry))) {
      expect(files).toHaveProperty([`docs/${page}`]);
    }
    const operations = files['docs/operations.md']!;
    for (const heading of [
      '## Bootstrap',
      '## Plan and apply',
      '## Deploy',
      '## Rotate',
      '## Destroy',
    ]) {
      expect(operations).toContain(heading);
    }
    expect(files['docs/architecture.md']).toContain('```mermaid');
  });

  it('keeps Terraform state and plans out of git, but not the lock file or overlay inputs', () => {
    const gitignore = renderRepositoryFiles(
      parseStackSpec(exampleSpecs['azure-small']),
    )['.gitignore']!.split('\n');
    for (const pattern of [
      '.terraform/',
      '*.tfplan',
      '*.tfstate',
      '*.tfstate.*',
      'crash.log',
    ]) {
      expect(gitignore).toContain(pattern);
    }
    expect(gitignore).not.toContain('.terraform.lock.hcl');
    // Overlay inputs stay tracked; only the local stack's credentials are ignored.
    expect(gitignore.filter(line => line.includes('deploy/'))).toEqual([
      'deploy/compose/.env',
    ]);
  });
});
