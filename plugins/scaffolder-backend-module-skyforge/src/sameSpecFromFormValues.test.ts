import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMockDirectory,
  mockCredentials,
} from '@backstage/backend-test-utils';
// The wizard's preview is the frontend plugin's; this test is where the three callers of the form
// mapping meet, so it imports it on purpose (a test-only dependency, never in the module's code).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { previewCostEstimate } from '@skyforge/plugin-skyforge';
import { parseStackSpec, type StackSpec } from '@skyforge/stack-renderer';
import {
  readStackDocument,
  SKYFORGE_YAML_PATH,
} from '@skyforge/stack-renderer/repository';
import { estimateCost } from '@skyforge/stack-renderer/cost';
import { main } from '@skyforge/stack-renderer/cli';
import request from 'supertest';
import yaml from 'yaml';
import { platformTemplateValues } from './__testUtils__/platformTemplateValues';
import { readDirectoryTree } from './__testUtils__/readDirectoryTree';
import { startScaffolderTestBackend } from './__testUtils__/startScaffolderTestBackend';
import {
  dryRunFiles,
  readTemplate,
  templateDirectoryContents,
} from './__testUtils__/templateDryRun';

/** Form values of the Create template (templates/kubernetes-platform), in its own shapes. */
const createForm = {
  ...platformTemplateValues,
  // The preview field's own value is part of the form; it is no stack field.
  costEstimate: { monthly: 0, currency: 'USD' },
};

/**
 * Each case: the form values, and the template that carries them to `skyforge:stack:render`: the
 * Create template itself, or a form whose fields go to the action one to one (for the fields the
 * Create template does not ask for, such as `extendedSupport` or `hpa`).
 */
const cases: Array<{
  name: string;
  template: 'kubernetes-platform' | 'fields';
  form: Record<string, unknown>;
}> = [
  {
    name: 'AWS in three environments with an ingress and a budget',
    template: 'kubernetes-platform',
    form: createForm,
  },
  {
    name: 'GCP with a project per environment, staging not deployed, spot everywhere',
    template: 'kubernetes-platform',
    form: {
      ...createForm,
      clouds: ['gcp'],
      gcpProjects: {
        dev: 'acme-payments-dev',
        staging: 'acme-payments-staging',
        prod: 'acme-payments-prod',
      },
      environments: ['dev', 'prod'],
      spot: 'all',
      kubernetesVersion: '1.35',
      redis: false,
      ingressHost: '',
    },
  },
  {
    name: 'Azure, large, with a GPU pool, Kafka on, fewer services and a budget in EUR',
    template: 'kubernetes-platform',
    form: {
      ...createForm,
      clouds: ['azure'],
      environments: ['prod'],
      size: 'large',
      gpu: true,
      kafka: true,
      registry: false,
      monitoring: false,
      port: 8443,
      budget: 12000,
      currency: 'EUR',
    },
  },
  {
    name: 'AWS, GCP and Azure at once from the Create wizard, a region per cloud',
    template: 'kubernetes-platform',
    form: {
      ...createForm,
      clouds: ['aws', 'gcp', 'azure'],
      regions: { aws: 'us-west-2', gcp: 'europe-west4', azure: 'northeurope' },
      gcpProjects: {
        dev: 'acme-payments-dev',
        staging: 'acme-payments-staging',
        prod: 'acme-payments-prod',
      },
      environments: ['staging', 'prod'],
      gpu: true,
    },
  },
  {
    name: 'EKS on extended support with its own autoscaling',
    template: 'fields',
    form: {
      name: 'ledger',
      owner: 'group:default/finance',
      clouds: ['aws'],
      region: 'us-east-1',
      environments: ['staging', 'prod'],
      kubernetesVersion: '1.34',
      extendedSupport: true,
      services: { redis: false, kafka: true, objectStorage: false },
      image: 'ghcr.io/acme/ledger:3.1.0',
      hpa: { min: 2, max: 6 },
      budget: 3000,
    },
  },
  {
    name: 'AWS and GCP together, with GPUs and one GCP project per environment',
    template: 'fields',
    form: {
      name: 'vision',
      owner: 'group:default/ml',
      clouds: ['gcp', 'aws'],
      regions: { aws: 'us-west-2', gcp: 'us-central1' },
      gcpProjects: {
        dev: 'acme-vision-dev',
        staging: 'acme-vision-staging',
        prod: 'acme-vision-prod',
      },
      gpu: true,
      spot: 'none',
      networkCidr: '10.60.0.0/16',
      image: 'ghcr.io/acme/vision:0.9.0',
      ingressHost: 'vision.example.com',
      ingressTls: true,
    },
  },
];

/** A template whose form fields go to `skyforge:stack:render` unchanged, then the estimate. */
function fieldsTemplate(fields: string[]) {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'skyforge-stack-fields' },
    spec: {
      owner: 'group:default/platform',
      type: 'platform',
      parameters: [
        { properties: Object.fromEntries(fields.map(f => [f, {}])) },
      ],
      steps: [
        {
          id: 'render',
          name: 'Render the stack',
          action: 'skyforge:stack:render',
          input: Object.fromEntries(
            fields.map(field => [field, `\${{ parameters.${field} }}`]),
          ),
        },
        {
          id: 'estimate',
          name: 'Estimate the monthly cost',
          action: 'skyforge:stack:estimate',
          input: { spec: "${{ steps['render'].output.spec }}" },
        },
      ],
    },
  };
}

/** The StackSpec a rendered repository records in skyforge.yaml. */
function recordedSpec(files: Record<string, string>): StackSpec {
  return parseStackSpec(
    readStackDocument(yaml.parse(files[SKYFORGE_YAML_PATH])).stack,
  );
}

// The first dry run starts the scaffolder's template machinery; give loaded machines time.
jest.setTimeout(60_000);

describe('the wizard preview, the render action and the CLI turn the same form values into the same spec', () => {
  const mockDir = createMockDirectory();
  let backend: Awaited<ReturnType<typeof startScaffolderTestBackend>>;
  let cliDir: string;

  beforeAll(async () => {
    backend = await startScaffolderTestBackend({
      workingDirectory: mockDir.resolve('work'),
    });
    cliDir = mkdtempSync(join(tmpdir(), 'skyforge-form-'));
  });
  afterAll(async () => {
    await backend?.stop();
    rmSync(cliDir, { recursive: true, force: true });
  });

  /** The scaffolder action, through the real scaffolder's dry run (the template editor's). */
  async function renderWithAction(
    template: 'kubernetes-platform' | 'fields',
    form: Record<string, unknown>,
  ): Promise<Record<string, string>> {
    const response = await request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send(
        template === 'fields'
          ? {
              template: fieldsTemplate(Object.keys(form)),
              values: form,
              directoryContents: [],
            }
          : {
              template: await readTemplate(template),
              values: form,
              directoryContents: await templateDirectoryContents(template),
            },
      );
    expect({ status: response.status, errors: response.body.errors }).toEqual({
      status: 200,
      errors: undefined,
    });
    return dryRunFiles(response.body);
  }

  /** The CLI, from the form values saved as a file. */
  async function renderWithCli(
    caseName: string,
    form: Record<string, unknown>,
  ): Promise<Record<string, string>> {
    const slug = caseName.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    const file = join(cliDir, `${slug}.json`);
    writeFileSync(file, JSON.stringify(form));
    const out = join(cliDir, slug);
    const lines: string[] = [];
    const output = { out: () => {}, err: (line: string) => lines.push(line) };
    const code = await main(['render', '--form', file, '--out', out], output);
    expect({
      code,
      errors: lines.filter(l => !l.startsWith('warning:')),
    }).toEqual({ code: 0, errors: [] });
    return readDirectoryTree(out);
  }

  it.each(cases)('$name', async ({ template, form }) => {
    const actionFiles = await renderWithAction(template, form);
    const actionSpec = recordedSpec(actionFiles);
    expect(actionSpec.metadata.name).toBe(form.name);
    // Only the chosen clouds' regions reach the spec, whatever else the form holds.
    expect(Object.keys(actionSpec.spec.regions).sort()).toEqual(
      [...actionSpec.spec.clouds].sort(),
    );

    // The CLI: the same skyforge.yaml, and indeed the same repository (COST.md included).
    const cliFiles = await renderWithCli(String(form.name) + template, form);
    expect(cliFiles[SKYFORGE_YAML_PATH]).toBe(actionFiles[SKYFORGE_YAML_PATH]);
    expect(recordedSpec(cliFiles)).toEqual(actionSpec);
    expect(cliFiles).toEqual(actionFiles);

    // The preview prices the same spec, with cost-neutral stand-ins for the name, owner, image
    // and GCP project IDs only: putting the form's own back gives the action's spec exactly.
    const preview = previewCostEstimate(form);
    if (!preview.complete) {
      throw new Error(`preview incomplete: ${JSON.stringify(preview.issues)}`);
    }
    expect({
      ...preview.spec,
      metadata: actionSpec.metadata,
      spec: {
        ...preview.spec.spec,
        gcp: actionSpec.spec.gcp,
        app: { ...preview.spec.spec.app, image: actionSpec.spec.app.image },
      },
    }).toEqual(actionSpec);
    expect(preview.estimate).toEqual(estimateCost(actionSpec));
  });
});
