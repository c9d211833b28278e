import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseStackSpec, renderStack } from '@skyforge/stack-renderer';
import { estimateCost } from '@skyforge/stack-renderer/cost';
import { checkpointStore } from '../__testUtils__/checkpointStore';
import { readDirectoryTree } from '../__testUtils__/readDirectoryTree';
import { createRenderStackAction } from './createRenderStackAction';
import { paymentsApiFields } from './createRenderStackAction.examples';

const fields = paymentsApiFields;

/** The same stack as `fields`, written as a StackSpec document. */
const specDocument = {
  apiVersion: 'skyforge.io/v1alpha1',
  kind: 'Stack',
  metadata: {
    name: 'payments-api',
    owner: 'group:default/payments',
    system: 'payments',
    description: 'Payments API',
  },
  spec: {
    clouds: ['aws'],
    regions: { aws: 'us-east-1' },
    environments: ['dev', 'staging', 'prod'],
    size: 'small',
    cluster: { kubernetesVersion: '1.36', gpu: false, spot: 'dev' },
    services: {
      postgres: true,
      redis: true,
      objectStorage: true,
      registry: true,
      monitoring: true,
    },
    app: {
      image: 'ghcr.io/acme/payments-api:1.4.2',
      port: 8080,
      ingress: { host: 'payments.example.com' },
    },
    budget: { monthly: 2500, currency: 'USD' },
  },
};

// Each run renders and runs the policy checks (kubectl kustomize of every overlay): seconds each.
jest.setTimeout(60_000);

describe('skyforge:stack:render', () => {
  const mockDir = createMockDirectory();
  const action = createRenderStackAction();

  beforeEach(() => mockDir.clear());

  function context(input: Record<string, unknown>, workspace = 'workspace') {
    const workspacePath = mockDir.resolve(workspace);
    return createMockActionContext({
      input: input as never,
      workspacePath,
    });
  }

  it('renders the stack from form fields into the workspace', async () => {
    const ctx = context(fields as Record<string, unknown>);
    await action.handler(ctx);

    const expected = renderStack(specDocument).files;
    const tree = await readDirectoryTree(ctx.workspacePath);
    expect(tree).toEqual(expected);
    expect(Object.keys(tree)).toEqual(
      expect.arrayContaining([
        'catalog-info.yaml',
        'skyforge.yaml',
        'infra/envs/prod/aws/main.tf',
        'infra/bootstrap/aws/main.tf',
        'deploy/overlays/prod-aws/kustomization.yaml',
        '.github/workflows/plan.yaml',
      ]),
    );

    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([name, value]) => [
        name,
        value,
      ]),
    );
    expect(outputs.fileCount).toBe(Object.keys(expected).length);
    expect(outputs.componentRef).toBe('component:default/payments-api');
    expect(outputs.entityRefs).toEqual(
      expect.arrayContaining([
        'system:default/payments',
        'component:default/payments-api',
        'resource:default/payments-api-prod-aws-cluster',
        'resource:default/payments-api-dev-aws-database',
      ]),
    );
    const estimate = estimateCost(parseStackSpec(specDocument));
    expect(outputs.estimate).toMatchObject({
      currency: 'USD',
      monthly: estimate.totals.overall,
      budget: { monthly: 2500, currency: 'USD', status: 'within' },
    });
    expect(outputs.estimate.byCloudEnvironment).toEqual(
      estimate.totals.byCloudEnvironment,
    );
    expect(outputs.warnings).toEqual([]);
    expect(outputs.checks).toEqual({
      passed: true,
      findings: [],
      skipped: [],
      summary: expect.stringMatching(
        /^No findings in [1-9]\d* Terraform files and 3 Kustomize overlays \(`skyforge check`\)\.$/,
      ),
    });
    expect(outputs.spec).toEqual(
      JSON.parse(JSON.stringify(parseStackSpec(specDocument))),
    );
  });

  it('records each run as an auditor event, failed runs with their error', async () => {
    const auditor = mockServices.auditor.mock();
    const audited = createRenderStackAction({ auditor });
    const ctx = context(fields as Record<string, unknown>);
    await audited.handler({
      ...ctx,
      user: { ref: 'user:default/grace' },
      templateInfo: { entityRef: 'template:default/kubernetes-platform' },
    });
    await expect(
      audited.handler(
        context({ ...fields, size: 'gigantic' } as Record<string, unknown>),
      ),
    ).rejects.toThrow(InputError);

    expect(auditor.createEvent.mock.calls.map(([options]) => options)).toEqual([
      {
        eventId: 'stack-render',
        severityLevel: 'medium',
        meta: {
          taskId: ctx.task.id,
          dryRun: false,
          template: 'template:default/kubernetes-platform',
          initiatedBy: 'user:default/grace',
        },
      },
      {
        eventId: 'stack-render',
        severityLevel: 'medium',
        meta: { taskId: expect.any(String), dryRun: false },
      },
    ]);
    const [rendered, refused] = await Promise.all(
      auditor.createEvent.mock.results.map(result => result.value),
    );
    expect(rendered.success).toHaveBeenCalledWith({
      meta: {
        stack: 'payments-api',
        owner: 'group:default/payments',
        clouds: ['aws'],
        environments: ['dev', 'staging', 'prod'],
        fileCount: Object.keys(renderStack(specDocument).files).length,
      },
    });
    expect(refused.success).not.toHaveBeenCalled();
    expect(refused.fail).toHaveBeenCalledWith({
      error: expect.objectContaining({
        name: 'InputError',
        message: expect.stringContaining('spec.size'),
      }),
    });
  });

  it('returns the policy check of everything in the target directory, naming rule and file of each finding', async () => {
    const ctx = context({ ...fields, targetPath: 'platform' });
    // A file an earlier step (fetch:template, say) left in the target directory is checked too.
    await fs.mkdir(path.join(ctx.workspacePath, 'platform/infra/extra'), {
      recursive: true,
    });
    await fs.writeFile(
      path.join(ctx.workspacePath, 'platform/infra/extra/main.tf'),
      'resource "aws_ecr_repository" "extra" {\n  name                 = "extra"\n  image_tag_mutability = "MUTABLE"\n}\n',
    );
    await action.handler(ctx);
    const checks = (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'checks',
    )![1];
    expect(checks.passed).toBe(false);
    expect(checks.findings).toContainEqual({
      family: 'security',
      rule: 'CKV_AWS_51',
      file: 'infra/extra/main.tf',
      address: 'aws_ecr_repository.extra',
      message: expect.stringMatching(/^ECR image tags immutable: /),
    });
    expect(
      checks.findings.every(
        (finding: { file: string }) => finding.file === 'infra/extra/main.tf',
      ),
    ).toBe(true);
    expect(checks.summary).toMatch(
      /^\*\*\d+ findings?\*\* in \d+ Terraform files and 3 Kustomize overlays/,
    );
    expect(checks.summary).toContain(
      '- `infra/extra/main.tf: CKV_AWS_51 (security) aws_ecr_repository.extra: ECR image tags immutable: ',
    );
  });

  it('renders the same tree from a whole StackSpec as from the fields', async () => {
    const fromFields = context(fields as Record<string, unknown>, 'fields');
    const fromSpec = context({ spec: specDocument }, 'spec');
    await action.handler(fromFields);
    await action.handler(fromSpec);
    expect(await readDirectoryTree(fromSpec.workspacePath)).toEqual(
      await readDirectoryTree(fromFields.workspacePath),
    );
  });

  it('writes under targetPath', async () => {
    const ctx = context({ ...fields, targetPath: './platform/' });
    await action.handler(ctx);

    const tree = await readDirectoryTree(ctx.workspacePath);
    expect(Object.keys(tree).every(file => file.startsWith('platform/'))).toBe(
      true,
    );
    expect(tree['platform/catalog-info.yaml']).toBe(
      renderStack(specDocument).files['catalog-info.yaml'],
    );
  });

  it('writes the whole tree again when a retried task reruns it from a checkpointed state into an empty workspace', async () => {
    // The scaffolder gives a retried or recovered task a fresh workspace and answers every
    // checkpoint that succeeded before with its stored value, without running it.
    const { checkpoint, keys } = checkpointStore();
    const first = context({ ...fields, targetPath: 'platform' }, 'run-1');
    await action.handler({ ...first, checkpoint } as never);
    const retried = context({ ...fields, targetPath: 'platform' }, 'run-2');
    await action.handler({ ...retried, checkpoint } as never);

    const expected = Object.fromEntries(
      Object.entries(renderStack(specDocument).files).map(([file, content]) => [
        `platform/${file}`,
        content,
      ]),
    );
    expect(await readDirectoryTree(retried.workspacePath)).toEqual(expected);
    expect(await readDirectoryTree(first.workspacePath)).toEqual(expected);
    expect(keys()).toEqual([]);
  });

  it('renders in dry run too, so the template editor shows every file', async () => {
    const ctx = {
      ...context(fields as Record<string, unknown>),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(await readDirectoryTree(ctx.workspacePath)).toEqual(
      renderStack(specDocument).files,
    );
    expect(ctx.output).toHaveBeenCalledWith('fileCount', expect.any(Number));
  });

  it('leaves a byte-identical workspace when the same step runs again', async () => {
    const ctx = context({ ...fields, gpu: true, clouds: ['aws'] });
    await action.handler(ctx);
    const first = await readDirectoryTree(ctx.workspacePath);
    await action.handler(ctx);
    const second = await readDirectoryTree(ctx.workspacePath);
    expect(second).toEqual(first);
    expect(Object.keys(first).length).toBeGreaterThan(50);
    const again = context({ ...fields, gpu: true, clouds: ['aws'] }, 'other');
    await action.handler(again);
    expect(await readDirectoryTree(again.workspacePath)).toEqual(first);
  });

  it('reports warnings from the renderer', async () => {
    const ctx = context({ ...fields, ingressHost: '', environments: ['dev'] });
    await action.handler(ctx);
    const warnings = (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'warnings',
    )?.[1];
    expect(warnings).toEqual([
      expect.stringContaining('spec.app.ingress.host'),
      expect.stringContaining('spec.environments: no prod environment'),
    ]);
  });

  describe('rejects bad input without writing anything', () => {
    async function expectRejected(
      input: Record<string, unknown>,
      message: string | RegExp,
    ) {
      const ctx = context(input);
      await expect(action.handler(ctx)).rejects.toThrow(InputError);
      await expect(action.handler(ctx)).rejects.toThrow(message);
      await fs.mkdir(ctx.workspacePath, { recursive: true });
      expect(await readDirectoryTree(ctx.workspacePath)).toEqual({});
    }

    it('a size that is not a preset', () =>
      expectRejected(
        { ...fields, size: 'huge' },
        'spec.size: must be one of small, medium, large (input "size")',
      ));

    it('a spot policy that does not exist', () =>
      expectRejected(
        { ...fields, spot: 'sometimes' },
        'spec.cluster.spot: must be one of none, dev, all (input "spot")',
      ));

    it('a region of another cloud', () =>
      expectRejected(
        {
          ...fields,
          clouds: ['gcp'],
          region: 'us-east-9',
          gcpProjects: { dev: 'acme-payments-dev', prod: 'acme-payments-prod' },
        },
        'spec.regions.gcp: "us-east-9" is not a GCP region',
      ));

    it('gcp without a project id', () =>
      expectRejected(
        { ...fields, clouds: ['gcp'], region: 'europe-west1' },
        'spec.gcp.projects: is required because clouds includes gcp: one project ID per environment (dev, staging, prod) (input "gcpProjects")',
      ));

    it('gcp with one project for a stack with prod', () =>
      expectRejected(
        {
          ...fields,
          clouds: ['gcp'],
          region: 'europe-west1',
          gcpProjectId: 'acme-payments',
        },
        'spec.gcp.projectId: is allowed only for stacks without prod: every GKE cluster in a project shares one workload identity pool, so a shared project lets the dev cluster act as the prod service accounts; set projects with one project per environment instead (input "gcpProjectId")',
      ));

    it('gcp with prod sharing the project of dev', () =>
      expectRejected(
        {
          ...fields,
          clouds: ['gcp'],
          region: 'europe-west1',
          gcpProjects: {
            dev: 'acme-payments',
            staging: 'acme-payments-staging',
            prod: 'acme-payments',
          },
        },
        'spec.gcp.projects.prod: must differ from the project of dev',
      ));

    it('a missing region for one of several clouds', () =>
      expectRejected(
        {
          ...fields,
          region: undefined,
          clouds: ['aws', 'azure'],
          regions: { aws: 'us-east-1' },
        },
        'spec.regions.azure: is required because clouds includes azure',
      ));

    it('"region" with several clouds', () =>
      expectRejected(
        { ...fields, clouds: ['aws', 'azure'] },
        'spec.regions: needs exactly one cloud (got 2); use regions for several clouds (input "region")',
      ));

    it('an image on the latest tag', () =>
      expectRejected(
        { ...fields, image: 'ghcr.io/acme/payments-api:latest' },
        'spec.app.image: must not use the "latest" tag (input "image")',
      ));

    it('both a spec and fields', () =>
      expectRejected(
        { spec: specDocument, name: 'other' },
        'give either "spec" or the individual fields, not both (also got "name")',
      ));

    it('an invalid whole spec', () =>
      expectRejected(
        { spec: { ...specDocument, kind: 'Pipeline' } },
        'Invalid stack in input "spec": kind: must be "Stack"',
      ));

    it('a targetPath with ..', () =>
      expectRejected(
        { ...fields, targetPath: 'platform/../../escape' },
        'targetPath "platform/../../escape" must stay inside the workspace; ".." is not allowed',
      ));

    it('an absolute targetPath', () =>
      expectRejected(
        { ...fields, targetPath: '/tmp/escape' },
        'targetPath "/tmp/escape" must be a relative path inside the workspace',
      ));
  });

  describe('symbolic links', () => {
    it('refuses a targetPath that is a link leading out of the workspace', async () => {
      mockDir.setContent({ outside: {}, workspace: {} });
      const ctx = context({ ...fields, targetPath: 'out' });
      await fs.symlink(
        mockDir.resolve('outside'),
        path.join(ctx.workspacePath, 'out'),
      );

      await expect(action.handler(ctx)).rejects.toThrow(
        '"out" is a symbolic link that leads outside the workspace',
      );
      expect(await fs.readdir(mockDir.resolve('outside'))).toEqual([]);
    });

    it('refuses a link deeper in the tree and writes nothing at all', async () => {
      mockDir.setContent({ outside: {}, workspace: { platform: {} } });
      const ctx = context({ ...fields, targetPath: 'platform' });
      await fs.symlink(
        mockDir.resolve('outside'),
        path.join(ctx.workspacePath, 'platform', 'infra'),
      );

      await expect(action.handler(ctx)).rejects.toThrow(
        '"platform/infra" is a symbolic link that leads outside the workspace',
      );
      expect(await fs.readdir(mockDir.resolve('outside'))).toEqual([]);
      expect(
        await fs.readdir(path.join(ctx.workspacePath, 'platform')),
      ).toEqual(['infra']);
    });

    it('refuses a file that is a link leading out of the workspace', async () => {
      mockDir.setContent({ 'outside/secret.txt': 'keep me', workspace: {} });
      const ctx = context(fields as Record<string, unknown>);
      await fs.symlink(
        mockDir.resolve('outside/secret.txt'),
        path.join(ctx.workspacePath, 'README.md'),
      );

      await expect(action.handler(ctx)).rejects.toThrow(
        '"README.md" is a symbolic link that leads outside the workspace',
      );
      expect(
        await fs.readFile(mockDir.resolve('outside/secret.txt'), 'utf8'),
      ).toBe('keep me');
    });

    it('follows a link that stays inside the workspace', async () => {
      mockDir.setContent({ workspace: { real: {} } });
      const ctx = context({ ...fields, targetPath: 'alias' });
      await fs.symlink(
        path.join(ctx.workspacePath, 'real'),
        path.join(ctx.workspacePath, 'alias'),
      );
      await action.handler(ctx);
      const real = await readDirectoryTree(
        path.join(ctx.workspacePath, 'real'),
      );
      expect(real).toEqual(renderStack(specDocument).files);
    });
  });
});
