import { parse } from 'yaml';
import { CI_VARIABLES } from '../naming';
import { parseStackSpec } from '../spec/stackSpec';
import { exampleSpecs } from '../testing/exampleSpecs';
import { renderApplyWorkflow } from './renderApplyWorkflow';
import { renderPlanWorkflow } from './renderPlanWorkflow';
import { renderValidateWorkflow } from './renderValidateWorkflow';

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string;
  environment?: string | { name: string; url: string };
  permissions?: Record<string, string>;
  strategy?: {
    matrix: { include?: Array<Record<string, string>>; root?: string[] };
  };
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, Job>;
}

const allClouds = parseStackSpec(exampleSpecs['all-clouds-gpu']);
const workflowOf = (text: string) => parse(text) as Workflow;
const usesOf = (workflow: Workflow) =>
  Object.values(workflow.jobs).flatMap(job =>
    job.steps.flatMap(step => (step.uses ? [step.uses] : [])),
  );
const runsOf = (job: Job) =>
  job.steps.flatMap(step => (step.run ? [step.run] : []));

const PINNED = new Set([
  'actions/checkout@v4',
  'hashicorp/setup-terraform@v3',
  'azure/setup-kubectl@v4',
  'aws-actions/configure-aws-credentials@v4',
  'google-github-actions/auth@v2',
  'azure/login@v2',
  'google-github-actions/get-gke-credentials@v2',
  'azure/aks-set-context@v4',
  'azure/use-kubelogin@v1',
  'actions/upload-artifact@v4',
  'actions/download-artifact@v4',
  'actions/setup-node@v4',
]);

describe.each(Object.keys(exampleSpecs))('workflows of %s', key => {
  const spec = parseStackSpec(exampleSpecs[key]);
  const texts = [
    renderValidateWorkflow(spec),
    renderPlanWorkflow(spec),
    renderApplyWorkflow(spec),
  ];

  it('parse, use only pinned actions and never read secrets', () => {
    for (const text of texts) {
      const workflow = workflowOf(text);
      for (const action of usesOf(workflow)) expect(PINNED).toContain(action);
      expect(text).not.toMatch(/secrets\./);
      expect(text).not.toMatch(
        /aws-access-key-id|client-secret|credentials_json|creds:/,
      );
    }
  });

  it('plan and apply every environment × cloud', () => {
    const pairs = spec.spec.environments.flatMap(environment =>
      spec.spec.clouds.map(cloud => `${environment}/${cloud}`),
    );
    const plan = workflowOf(renderPlanWorkflow(spec));
    expect(
      plan.jobs.plan!.strategy!.matrix.include!.map(
        row => `${row.environment}/${row.cloud}`,
      ),
    ).toEqual(pairs);
    const apply = workflowOf(renderApplyWorkflow(spec));
    const applied = Object.values(apply.jobs).flatMap(job =>
      job.strategy!.matrix.include!.map(
        row => `${row.environment}/${row.cloud}`,
      ),
    );
    expect(applied).toEqual(pairs);
  });
});

describe('validate workflow', () => {
  const workflow = workflowOf(renderValidateWorkflow(allClouds));

  it('runs on push and pull requests without cloud access', () => {
    expect(Object.keys(workflow.on)).toEqual(['push', 'pull_request']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(JSON.stringify(workflow)).not.toContain('id-token');
  });

  it('checks formatting, validates every root in a matrix and builds every overlay', () => {
    expect(runsOf(workflow.jobs.fmt!)).toEqual([
      'terraform fmt -check -recursive -diff infra',
    ]);
    const roots = workflow.jobs.terraform!.strategy!.matrix.root!;
    expect(roots).toHaveLength(3 + 9);
    expect(roots).toContain('infra/bootstrap/azure');
    expect(roots).toContain('infra/envs/prod/gcp');
    expect(runsOf(workflow.jobs.terraform!).join('\n')).toContain(
      'init -backend=false',
    );
    const setup = workflow.jobs.terraform!.steps.find(
      step => step.uses === 'hashicorp/setup-terraform@v3',
    )!;
    expect(setup.with).toMatchObject({ terraform_version: '1.11.4' });
    const kustomize = runsOf(workflow.jobs.kustomize!).join('\n');
    expect(kustomize).toContain('deploy/overlays/dev-aws');
    expect(kustomize).toContain('deploy/overlays/prod-azure');
    expect(kustomize).toContain('kubectl kustomize "$overlay"');
  });

  it('runs skyforge check from the package of the renderer that wrote it, with kubectl for the manifest checks', () => {
    const check = workflow.jobs.check!;
    const { version } = jest.requireActual('../../package.json');
    expect(runsOf(check)).toEqual([
      `npx --yes --package @skyforge/stack-renderer@${version} skyforge check .`,
    ]);
    expect(check.steps.map(step => step.uses).filter(Boolean)).toEqual([
      'actions/checkout@v4',
      'azure/setup-kubectl@v4',
      'actions/setup-node@v4',
    ]);
  });
});

describe('plan workflow', () => {
  const workflow = workflowOf(renderPlanWorkflow(allClouds));
  const plan = workflow.jobs.plan!;

  it('runs on pull requests with an OIDC token and the minimum permissions per job', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(plan.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(workflow.jobs.comment!.permissions).toEqual({
      contents: 'read',
      'pull-requests': 'write',
    });
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('logs in to each cloud by OIDC with the repository variables', () => {
    const login = (action: string) =>
      plan.steps.find(step => step.uses === action)!;
    expect(
      login('aws-actions/configure-aws-credentials@v4').with!['role-to-assume'],
    ).toBe('${{ vars.AWS_ROLE_ARN }}');
    expect(login('aws-actions/configure-aws-credentials@v4').if).toBe(
      "matrix.cloud == 'aws'",
    );
    // GCP plan identities live in each environment's project: one JSON repository variable.
    expect(login('google-github-actions/auth@v2').with).toEqual({
      workload_identity_provider:
        '${{ fromJSON(vars.GCP_PLAN_IDENTITIES)[matrix.environment].workload_identity_provider }}',
      service_account:
        '${{ fromJSON(vars.GCP_PLAN_IDENTITIES)[matrix.environment].service_account }}',
    });
    expect(login('azure/login@v2').with).toEqual({
      'client-id': '${{ vars.AZURE_CLIENT_ID }}',
      'tenant-id': '${{ vars.AZURE_TENANT_ID }}',
      'subscription-id': '${{ vars.AZURE_SUBSCRIPTION_ID }}',
    });
    const text = renderPlanWorkflow(allClouds);
    for (const name of Object.values(CI_VARIABLES)
      .flat()
      .filter(
        variableName =>
          !variableName.startsWith('GCP_') ||
          variableName === 'GCP_PLAN_IDENTITIES',
      ))
      expect(text).toContain(`vars.${name}`);
  });

  it('plans without the lock through the Makefile and writes the step summary', () => {
    const runs = runsOf(plan).join('\n');
    expect(runs).toContain('make tf-init ENV="$ENVIRONMENT" CLOUD="$CLOUD"');
    expect(runs).toContain(
      'make tf-plan ENV="$ENVIRONMENT" CLOUD="$CLOUD" TF_PLAN_ARGS="-lock=false -no-color"',
    );
    expect(runs).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(plan.env).toMatchObject({
      TF_STATE_BUCKET: '${{ vars.TF_STATE_BUCKET }}',
      ARM_USE_OIDC: 'true',
    });
  });

  it('leaves out the login steps and variables of clouds the stack does not use', () => {
    const text = renderPlanWorkflow(parseStackSpec(exampleSpecs['gcp-medium']));
    expect(text).toContain('google-github-actions/auth@v2');
    expect(text).not.toMatch(
      /configure-aws-credentials|azure\/login|TF_STATE_BUCKET|ARM_/,
    );
  });
});

describe('apply workflow', () => {
  const workflow = workflowOf(renderApplyWorkflow(allClouds));

  it('runs on main, one apply at a time, never cancelling a running one', () => {
    expect(workflow.on).toMatchObject({ push: { branches: ['main'] } });
    expect(workflow.concurrency).toEqual({
      group: 'apply',
      'cancel-in-progress': false,
    });
  });

  it('applies dev, staging and prod in order, each in its GitHub environment with an OIDC token', () => {
    expect(Object.keys(workflow.jobs)).toEqual(['dev', 'staging', 'prod']);
    expect(workflow.jobs.dev!.needs).toBeUndefined();
    expect(workflow.jobs.staging!.needs).toBe('dev');
    expect(workflow.jobs.prod!.needs).toBe('staging');
    expect(workflow.jobs.dev!.environment).toBe('dev');
    expect(workflow.jobs.prod!.environment).toEqual({
      name: 'prod',
      url: 'https://checkout.example.com',
    });
    for (const job of Object.values(workflow.jobs)) {
      expect(job.permissions).toEqual({
        contents: 'read',
        'id-token': 'write',
      });
    }
  });

  it('applies the saved plan, then deploys with short-lived cluster credentials', () => {
    const job = workflow.jobs.prod!;
    const runs = runsOf(job);
    const order = [
      'make tf-plan',
      'make tf-apply',
      'make k8s-identity',
      'make k8s-apply',
    ].map(command => runs.findIndex(run => run.startsWith(command)));
    expect(order.every(index => index >= 0)).toBe(true);
    expect([...order].sort((left, right) => left - right)).toEqual(order);
    expect(runs.join('\n')).toContain('aws eks update-kubeconfig');
    const gke = job.steps.find(
      step => step.uses === 'google-github-actions/get-gke-credentials@v2',
    )!;
    // The project of the environment, from its Terraform outputs.
    expect(gke.with).toMatchObject({
      project_id: '${{ steps.cluster.outputs.project }}',
      use_dns_based_endpoint: 'true',
    });
    expect(runs.join('\n')).toContain(
      'echo "project=$(terraform -chdir="$root" output -raw project_id)"',
    );
    const aks = job.steps.find(
      step => step.uses === 'azure/aks-set-context@v4',
    )!;
    expect(aks.with).toMatchObject({ admin: 'false', 'use-kubelogin': 'true' });
  });

  it('only has the environments the stack has', () => {
    const apply = workflowOf(
      renderApplyWorkflow(parseStackSpec(exampleSpecs['aws-gpu-large'])),
    );
    expect(Object.keys(apply.jobs)).toEqual(['staging', 'prod']);
    expect(apply.jobs.prod!.needs).toBe('staging');
    expect(apply.jobs.prod!.environment).toBe('prod');
  });
});
