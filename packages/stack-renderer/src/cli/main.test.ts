import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { renderStack } from '../renderStack';
import { readSkyforgeYaml } from '../repository/readSkyforgeYaml';
import { renderCostFile } from '../repository/renderCostFile';
import { parseStackSpec } from '../spec/stackSpec';
import { exampleSpecs } from '../testing/exampleSpecs';
import { RENDERER_VERSION } from '../version';
import { main } from './main';

/** Every file under a directory, `relative path -> content`. */
function readTree(directory: string, base = directory): Record<string, string> {
  const tree: Record<string, string> = {};
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) Object.assign(tree, readTree(path, base));
    else tree[path.slice(base.length + 1)] = readFileSync(path, 'utf8');
  }
  return tree;
}

function capture() {
  const lines = { out: [] as string[], err: [] as string[] };
  return {
    lines,
    output: {
      out: (line: string) => lines.out.push(line),
      err: (line: string) => lines.err.push(line),
    },
  };
}

describe('skyforge CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'skyforge-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeSpec(name: string, spec: unknown): string {
    const file = join(dir, name);
    writeFileSync(file, typeof spec === 'string' ? spec : stringify(spec));
    return file;
  }

  it('renders a spec into a directory', async () => {
    const spec = writeSpec('stack.yaml', exampleSpecs['gcp-medium']);
    const out = join(dir, 'repo');
    const { lines, output } = capture();
    expect(await main(['render', spec, '--out', out], output)).toBe(0);
    expect(lines.out.join('\n')).toMatch(
      /^Rendered \d+ files \(\d+ bytes\) into /,
    );
    expect(readFileSync(join(out, 'skyforge.yaml'), 'utf8')).toContain(
      'name: search',
    );
    expect(existsSync(join(out, 'infra/envs/prod/gcp/main.tf'))).toBe(true);
  });

  it('writes COST.md with the repository, as estimate prints it', async () => {
    const spec = writeSpec('hub.yaml', exampleSpecs['analytics-hub']);
    const out = join(dir, 'repo');
    expect(await main(['render', spec, '--out', out], capture().output)).toBe(
      0,
    );
    const { lines, output } = capture();
    expect(await main(['estimate', spec], output)).toBe(0);
    expect(lines.err).toEqual([]);
    expect(`${lines.out.join('\n')}\n`).toBe(
      readFileSync(join(out, 'COST.md'), 'utf8'),
    );
    // Each pool at its desired count, with the figures a reader can check against the price list.
    expect(lines.out.join('\n')).toContain(
      '| Nodes | Node pool database: 4 × r5.2xlarge on-demand (desired count; min 3, max 6) | 2,920 node-hour | $0.504 | $1,471.68 |',
    );
    expect(lines.out.join('\n')).toContain(
      'https://aws.amazon.com/ec2/pricing/on-demand/',
    );
  });

  it('estimates the ml-platform on three clouds: the same pools priced per cloud, with the sources', async () => {
    const spec = writeSpec('ml.yaml', exampleSpecs['ml-platform']);
    const { lines, output } = capture();
    expect(await main(['estimate', spec], output)).toBe(0);
    const text = lines.out.join('\n');
    for (const line of [
      '| Nodes | Node pool features: 2 × r5.2xlarge on spot (typical 60% below on-demand) (desired count; min 0, max 6) | 1,460 node-hour | $0.2016 | $294.34 |',
      '| Nodes | Node pool features: 2 × n2-highmem-8 on spot (typical 65% below on-demand) (desired count; min 0, max 6) | 1,460 node-hour | $0.18342 | $267.79 |',
      '| Nodes | Node pool features disks (pd-balanced, about 6,000 IOPS and 280 MB/s each at this size): 2 × 500 GB | 1,000 GB-month | $0.10 | $100.00 |',
      '| Nodes | Node pool system: 3 × Standard_D4s_v5 on-demand (desired count; min 2, max 4) | 2,190 node-hour | $0.192 | $420.48 |',
      'https://cloud.google.com/compute/vm-instance-pricing',
      'https://azure.microsoft.com/en-us/pricing/details/managed-disks/',
    ])
      expect(text).toContain(line);
    expect(text).toMatch(
      /\| prod \| \$[\d,.]+ \| \$[\d,.]+ \| \$[\d,.]+ \| \$[\d,.]+ \|/,
    );
  });

  it('prints the estimate as JSON with --json', async () => {
    const spec = writeSpec('hub.yaml', exampleSpecs['analytics-hub']);
    const { lines, output } = capture();
    expect(await main(['estimate', spec, '--json'], output)).toBe(0);
    const estimate = JSON.parse(lines.out.join('\n'));
    const pools = estimate.lineItems.filter((line: { description: string }) =>
      /^Node pool \w+: /.test(line.description),
    );
    expect(
      pools.map((line: { description: string; quantity: number }) => [
        line.description.split(':')[0],
        line.quantity / estimate.hoursPerMonth,
      ]),
    ).toEqual([
      ['Node pool system', 3],
      ['Node pool application', 5],
      ['Node pool database', 4],
    ]);
    expect(estimate.totals.overall).toBeGreaterThan(0);
  });

  it('names the bad field when estimating an invalid spec', async () => {
    const input = JSON.parse(JSON.stringify(exampleSpecs['analytics-hub']));
    input.spec.cluster.nodePools[2].max = 2;
    const spec = writeSpec('hub.yaml', input);
    const { lines, output } = capture();
    expect(await main(['estimate', spec], output)).toBe(1);
    expect(lines.err).toContain(
      '  spec.cluster.nodePools[2].max: must be at least desired (4)',
    );
  });

  it('refuses a non-empty directory that holds no rendered repository without --force, and renders into it with --force', async () => {
    const spec = writeSpec('stack.yaml', exampleSpecs['azure-small']);
    const out = join(dir, 'repo');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const { lines, output } = capture();
    expect(await main(['render', spec, '--out', out], output)).toBe(2);
    expect(lines.err.join('\n')).toMatch(
      /exists, is not empty and holds no rendered repository \(use --force/,
    );
    expect(readdirSync(out)).toEqual(['keep.txt']);
    expect(
      await main(['render', spec, '--out', out, '--force'], capture().output),
    ).toBe(0);
    expect(readFileSync(join(out, 'keep.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(out, 'catalog-info.yaml'))).toBe(true);
  });

  describe('re-rendering a rendered repository from its skyforge.yaml', () => {
    const stack = exampleSpecs['gcp-medium'];

    function renderedTree(spec: unknown) {
      const parsed = parseStackSpec(spec);
      return { ...renderStack(parsed).files, ...renderCostFile(parsed) };
    }

    async function renderRepository() {
      const out = join(dir, 'repo');
      const spec = writeSpec('stack.yaml', stack);
      expect(await main(['render', spec, '--out', out], capture().output)).toBe(
        0,
      );
      return out;
    }

    /** Rewrites the repository's skyforge.yaml as its owner would. */
    function editSkyforgeYaml(
      out: string,
      edit: (document: Record<string, any>) => void,
    ) {
      const file = join(out, 'skyforge.yaml');
      const document = parse(readFileSync(file, 'utf8'));
      edit(document);
      writeFileSync(file, stringify(document));
    }

    it('accepts the renderer block and changes nothing when nothing changed', async () => {
      const out = await renderRepository();
      const before = readTree(out);
      const validate = capture();
      expect(
        await main(['validate', join(out, 'skyforge.yaml')], validate.output),
      ).toBe(0);
      expect(validate.lines.out.join('\n')).toMatch(/valid \(\d+ files/);

      const { lines, output } = capture();
      expect(
        await main(
          ['render', join(out, 'skyforge.yaml'), '--out', out],
          output,
        ),
      ).toBe(0);
      expect(lines.out).toEqual([
        `Re-rendered search into ${out} (renderer ${RENDERER_VERSION}):`,
        `0 added, 0 changed, 0 removed, ${
          Object.keys(before).length
        } unchanged`,
      ]);
      expect(readTree(out)).toEqual(before);
    });

    it("applies an edited spec, reports what changed, keeps hand edits and the owner's files", async () => {
      const out = await renderRepository();
      writeFileSync(join(out, 'Makefile'), 'my own Makefile\n');
      mkdirSync(join(out, 'notes'));
      writeFileSync(join(out, 'notes/runbook.md'), 'mine\n');
      editSkyforgeYaml(out, document => {
        document.spec.environments = ['prod'];
        delete document.spec.gcp.projects.dev;
        document.spec.services.redis = true;
        document.renderer.version = '0.1.0';
      });
      const edited = readSkyforgeYaml(
        readFileSync(join(out, 'skyforge.yaml'), 'utf8'),
      ).spec;

      const { lines, output } = capture();
      expect(
        await main(
          ['render', join(out, 'skyforge.yaml'), '--out', out],
          output,
        ),
      ).toBe(0);
      const report = lines.out.join('\n');
      expect(lines.out[0]).toBe(
        `Re-rendered search into ${out} (renderer 0.1.0 → ${RENDERER_VERSION}):`,
      );
      expect(report).toContain('  added     infra/modules/cache/gcp/main.tf');
      expect(report).toContain('  changed   infra/envs/prod/gcp/main.tf');
      expect(report).toContain('  removed   infra/envs/dev/gcp/main.tf');
      expect(report).toContain('  changed   COST.md');
      expect(report).toContain(
        '  kept      Makefile: edited by hand since the last render; the new render changes it',
      );
      expect(lines.out[lines.out.length - 1]).toMatch(
        /^\d+ added, \d+ changed, \d+ removed, \d+ unchanged; 1 kept as they are \(use --force to overwrite them\)$/,
      );

      // The repository is the new render, except the hand-edited file, plus the owner's file.
      const expected = renderedTree(edited);
      expect(readTree(out)).toEqual({
        ...expected,
        Makefile: 'my own Makefile\n',
        'notes/runbook.md': 'mine\n',
      });
      expect(existsSync(join(out, 'infra/envs/dev'))).toBe(false);

      // --force takes the rendered Makefile too; the owner's own file stays.
      const forced = capture();
      expect(
        await main(
          ['render', join(out, 'skyforge.yaml'), '--out', out, '--force'],
          forced.output,
        ),
      ).toBe(0);
      expect(forced.lines.out.join('\n')).toContain('  overwrote Makefile: ');
      expect(readTree(out)).toEqual({
        ...expected,
        'notes/runbook.md': 'mine\n',
      });
    });

    it('reports that a rendered spec is behind this renderer', async () => {
      const out = await renderRepository();
      editSkyforgeYaml(out, document => {
        document.renderer.version = '0.0.9';
      });
      const { lines, output } = capture();
      expect(await main(['validate', join(out, 'skyforge.yaml')], output)).toBe(
        0,
      );
      expect(lines.out[1]).toBe(
        `Rendered by renderer 0.0.9; this is ${RENDERER_VERSION}: \`skyforge render\` updates the repository.`,
      );
    });

    it('names a malformed renderer block', async () => {
      const out = await renderRepository();
      editSkyforgeYaml(out, document => {
        document.renderer = { version: 2 };
      });
      const { lines, output } = capture();
      expect(await main(['validate', join(out, 'skyforge.yaml')], output)).toBe(
        1,
      );
      expect(lines.err[1]).toMatch(/^ {2}renderer.version: must be/);
    });
  });

  it('rejects an invalid spec naming the field and the rule, writing nothing', async () => {
    const spec = JSON.parse(JSON.stringify(exampleSpecs['gcp-medium']));
    spec.spec.regions.gcp = 'us-east-9';
    const file = writeSpec('bad.yaml', spec);
    const out = join(dir, 'repo');
    const { lines, output } = capture();
    expect(await main(['render', file, '--out', out], output)).toBe(1);
    expect(lines.err).toContain(
      '  spec.regions.gcp: "us-east-9" is not a GCP region (one of us-central1, us-east1, us-west1, europe-west1, europe-west4, asia-southeast1)',
    );
    expect(existsSync(out)).toBe(false);

    const validate = capture();
    expect(await main(['validate', file], validate.output)).toBe(1);
    expect(validate.lines.err.join('\n')).toContain('spec.regions.gcp');
  });

  it('validates a good spec and prints its warnings', async () => {
    const file = writeSpec('ok.yaml', exampleSpecs['aws-gpu-large']);
    const { lines, output } = capture();
    expect(await main(['validate', file], output)).toBe(0);
    expect(lines.out.join('\n')).toMatch(
      /valid \(\d+ files would be rendered\)/,
    );
    expect(lines.err.join('\n')).toMatch(
      /^warning: spec.cluster.publicEndpointCidrs/m,
    );
  });

  it('explains YAML errors, missing files and usage mistakes', async () => {
    const broken = writeSpec('broken.yaml', 'spec: [unclosed');
    let run = capture();
    expect(await main(['validate', broken], run.output)).toBe(2);
    expect(run.lines.err.join('\n')).toMatch(/not valid YAML/);
    run = capture();
    expect(
      await main(['validate', join(dir, 'missing.yaml')], run.output),
    ).toBe(2);
    expect(run.lines.err.join('\n')).toMatch(/no such file/);
    run = capture();
    expect(await main(['render', broken], run.output)).toBe(2);
    run = capture();
    expect(await main(['frobnicate', broken], run.output)).toBe(2);
    expect(run.lines.err.join('\n')).toMatch(/unknown command "frobnicate"/);
    run = capture();
    expect(await main([], run.output)).toBe(2);
    expect(run.lines.out.join('\n')).toMatch(/usage:/);
  });

  describe("--form: the Create wizard's form values", () => {
    const form = {
      name: 'payments-api',
      owner: 'group:default/payments',
      cloud: 'aws',
      region: 'eu-central-1',
      environments: ['dev', 'prod'],
      size: 'medium',
      gpu: true,
      postgres: true,
      redis: false,
      objectStorage: true,
      registry: true,
      monitoring: true,
      image: 'ghcr.io/acme/payments-api:1.4.2',
      budget: 4000,
      currency: 'USD',
      repoUrl: 'github.com?owner=acme&repo=payments-infra',
    };

    it("renders the stack the form describes, naming the fields that are not the stack's", async () => {
      const file = join(dir, 'values.json');
      writeFileSync(file, JSON.stringify(form));
      const out = join(dir, 'repo');
      const { lines, output } = capture();
      expect(await main(['render', '--form', file, '--out', out], output)).toBe(
        0,
      );
      expect(lines.err).toContainEqual(
        expect.stringMatching(
          /^warning: .*values\.json: ignoring repoUrl \(not stack fields;/,
        ),
      );
      expect(lines.err.filter(line => !line.startsWith('warning:'))).toEqual(
        [],
      );
      const rendered = readSkyforgeYaml(
        readFileSync(join(out, 'skyforge.yaml'), 'utf8'),
      );
      expect(rendered.spec.spec).toMatchObject({
        clouds: ['aws'],
        regions: { aws: 'eu-central-1' },
        environments: ['dev', 'prod'],
        cluster: { gpu: true },
        services: { redis: false },
        budget: { monthly: 4000, currency: 'USD' },
      });
    });

    it('validates form values and names each bad field with its rule', async () => {
      const file = join(dir, 'values.yaml');
      writeFileSync(
        file,
        stringify({
          ...form,
          region: 'mars-1',
          redis: 'no',
          repoUrl: undefined,
        }),
      );
      const { lines, output } = capture();
      expect(await main(['validate', '--form', file], output)).toBe(1);
      expect(lines.err).toEqual([
        `${file}: invalid form values`,
        expect.stringMatching(
          /^ {2}region: "mars-1" is not an AWS region \(one of .*\) \(spec\.regions\.aws\)$/,
        ),
        '  redis: must be a boolean (spec.services.redis)',
      ]);
      writeFileSync(file, stringify({ ...form, repoUrl: undefined }));
      const valid = capture();
      expect(await main(['validate', '--form', file], valid.output)).toBe(0);
      expect(valid.lines.out.join('\n')).toMatch(/valid \(\d+ files/);
    });

    it('takes either a spec file or --form, and form values as one object', async () => {
      const spec = writeSpec('stack.yaml', exampleSpecs['azure-small']);
      const list = writeSpec('list.yaml', ['aws']);
      let run = capture();
      expect(await main(['validate', spec, '--form', spec], run.output)).toBe(
        2,
      );
      expect(run.lines.err.join('\n')).toMatch(
        /either a spec file or --form <values.json>, not both/,
      );
      run = capture();
      expect(await main(['validate', '--form', list], run.output)).toBe(2);
      expect(run.lines.err.join('\n')).toMatch(
        /must hold the form values as one object of fields/,
      );
    });
  });
});
