import { parse } from '@cdktn/hcl2json';
import { directoryOf, parseTerraformFiles } from '@skyforge/stack-checks';
import { renderStack } from '../../renderStack';
import { exampleSpecs } from '../../testing/exampleSpecs';

/*
 * There is no google or azurerm provider here, so `terraform test` cannot run the rendered
 * tests/*.tftest.hcl (the rendered validate workflow does). This checks what can be checked
 * offline: each file parses, and every variable, resource, data source and module output its
 * assertions name exists in the root it tests, so a rename cannot silently break them.
 */

const SPECS = [
  'all-clouds-gpu',
  'gcp-medium',
  'minimal-services',
  'azure-small',
];

describe.each(SPECS)('rendered terraform tests of %s', name => {
  const { files } = renderStack(exampleSpecs[name]);
  // The AWS roots' tests run for real (`terraform test` against the local hashicorp/aws mirror)
  // in renderAwsTerraform.validate.test.ts.
  const tests = Object.keys(files).filter(path =>
    /\/(gcp|azure)\/tests\/[^/]+\.tftest\.hcl$/.test(path),
  );

  it('has a test file in every GCP and Azure root', () => {
    const roots = Object.keys(files)
      .filter(path =>
        /^infra\/(envs\/[^/]+|bootstrap)\/(gcp|azure)\/main\.tf$/.test(path),
      )
      .map(directoryOf);
    expect(roots.length).toBeGreaterThan(0);
    for (const root of roots) {
      expect(tests.some(test => test.startsWith(`${root}/tests/`))).toBe(true);
    }
  });

  it.each(tests)('%s names only what its root has', async test => {
    const root = test.replace(/\/tests\/[^/]+$/, '');
    const parsed = await parseTerraformFiles(
      Object.fromEntries(
        Object.entries(files).filter(
          ([path]) => directoryOf(path) === root && path.endsWith('.tf'),
        ),
      ),
    );
    const json = (await parse(test, files[test])) as Record<string, unknown>;
    expect(json.run).toBeDefined();
    const text = files[test];
    let checked = 0;

    for (const [, variable] of text.matchAll(/\bvar\.([a-z_]+)/g)) {
      expect(parsed.variables.map(block => block.name)).toContain(variable);
      checked += 1;
    }

    for (const [reference, type, resource] of text.matchAll(
      /(?<![.\w])((?:google|azurerm)_[a-z_]+)\.([a-z_]+)(?=[\s.[)=,])/g,
    )) {
      const known = [...parsed.resources, ...parsed.dataSources].map(
        item => `${item.type}.${item.name}`,
      );
      expect([reference, known.includes(`${type}.${resource}`)]).toEqual([
        reference,
        true,
      ]);
      checked += 1;
    }

    for (const [reference, module, output] of text.matchAll(
      /\bmodule\.([a-z_]+)\.([a-z_]+)/g,
    )) {
      const call = parsed.modules.find(block => block.name === module);
      expect([reference, call !== undefined]).toEqual([reference, true]);
      const source = String(call!.body.source).replace(/^(\.\.\/)+/, 'infra/');
      const outputs = await parseTerraformFiles({
        [`${source}/outputs.tf`]: files[`${source}/outputs.tf`],
      });
      expect([
        reference,
        outputs.outputs.some(block => block.name === output),
      ]).toEqual([reference, true]);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(0);
  });
});
