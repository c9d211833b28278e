import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CI_VARIABLES } from '../naming';
import { parseStackSpec } from '../spec/stackSpec';
import { exampleSpecs } from '../testing/exampleSpecs';
import { GITHUB_ACTIONS, actionRef } from './githubActions';
import { renderApplyWorkflow } from './renderApplyWorkflow';
import { renderDestroyWorkflow } from './renderDestroyWorkflow';
import { renderPlanWorkflow } from './renderPlanWorkflow';
import { renderValidateWorkflow } from './renderValidateWorkflow';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  outputs?: Record<string, string>;
  environment?: string | { name: string; url: string };
  permissions?: Record<string, string>;
  strategy?: {
    matrix: { include?: Array<Record<string, string>>; root?: string[] };
  };
  env?: Record<string, string>;
  steps: Array<Step & { env?: Record<string, string> }>;
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

/** A full commit SHA after the action, never a tag or branch that can move. */
const PINNED_BY_SHA = /^[a-z0-9-]+\/[a-z0-9-]+@[0-9a-f]{40}$/;

describe.each(Object.keys(exampleSpecs))('workflows of %s', key => {
  const spec = parseStackSpec(exampleSpecs[key]);
  const texts = [
    renderValidateWorkflow(spec),
    renderPlanWorkflow(spec),
    renderApplyWorkflow(spec),
    renderDestroyWorkflow(spec),
  ];

  it('parse, use only pinned actions and never read secrets', () => {
    for (const text of texts) {
      const workflow = workflowOf(text);
      for (const action of usesOf(workflow)) {
        expect(action).toMatch(PINNED_BY_SHA);
        // The release the SHA was read at, on the same line, for people and Dependabot.
        const pin = Object.values(GITHUB_ACTIONS).find(
          candidate => action === `${candidate.repository}@${candidate.sha}`,
        )!;
        expect(text).toContain(`uses: ${action} # ${pin.version}\n`);
      }
      // The one secret: a read-only token of the application's repository, for its checkout.
      const appSource = 'secrets.APP_SOURCE_TOKEN || github.token';
      expect(text.includes(appSource)).toBe(
        text === texts[2] && spec.spec.app.build !== undefined,
      );
      expect(text.replaceAll(appSource, '')).not.toMatch(/secrets\./);
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
    const applied = Object.entries(apply.jobs)
      .filter(([name]) => name.startsWith('apply-'))
      .map(([, job]) => job)
      .flatMap(job =>
        job.strategy!.matrix.include!.map(
          row => `${row.environment}/${row.cloud}`,
        ),
      );
    expect(applied).toEqual(pairs);
  });

  it('applies, in each approved environment, the plan that environment approved, then hands the app its services before deploying', () => {
    const apply = workflowOf(renderApplyWorkflow(spec));
    for (const environment of spec.spec.environments) {
      const plan = apply.jobs[`plan-${environment}`]!;
      const job = apply.jobs[`apply-${environment}`]!;
      // The approval (the GitHub environment) sits on the job that applies, after its own plan.
      expect(job.needs).toEqual(
        spec.spec.app.build
          ? [`plan-${environment}`, 'build-image']
          : `plan-${environment}`,
      );
      expect(plan.environment).toBeUndefined();
      expect(
        typeof job.environment === 'string'
          ? job.environment
          : job.environment?.name,
      ).toBe(environment);
      const kept = plan.steps.find(
        step => step.uses === actionRef('uploadArtifact'),
      )!;
      const fetched = job.steps.findIndex(
        step => step.uses === actionRef('downloadArtifact'),
      );
      expect(job.steps[fetched]!.with!.name).toBe(kept.with!.name);
      expect(job.strategy!.matrix.include).toEqual(
        plan.strategy!.matrix.include,
      );
      const runs = runsOf(job);
      expect(runs.some(run => run.startsWith('make tf-plan'))).toBe(false);
      const at = (target: string) =>
        job.steps.findIndex(step => step.run?.startsWith(`make ${target} `));
      expect(at('tf-apply')).toBeGreaterThan(fetched);
      const kubernetes = spec.spec.compute !== 'serverless';
      // Serverless targets read the endpoints from Terraform directly: no services.env to write.
      expect(at('k8s-services') > at('tf-apply')).toBe(kubernetes);
      expect(at('deploy')).toBeGreaterThan(
        kubernetes ? at('k8s-services') : at('tf-apply'),
      );
      // Every cloud's database needs the role or its grants (make database-user) after the
      // apply, before the deploy, on exactly the clouds with PostgreSQL — on serverless
      // environments too: AWS through the SSM relay, GCP from a Cloud Run job, Azure from a
      // Container Apps job.
      const databaseUser = at('database-user');
      const roleClouds = spec.spec.services.postgres ? spec.spec.clouds : [];
      expect(
        roleClouds.length > 0
          ? databaseUser > at('tf-apply') && databaseUser < at('deploy')
          : databaseUser === -1,
      ).toBe(true);
      expect(databaseUser === -1 ? '' : job.steps[databaseUser]!.if).toBe(
        roleClouds.map(cloud => `matrix.cloud == '${cloud}'`).join(' || '),
      );
      // Managed Grafana (Azure, AWS) gets the dashboard after the apply, before the deploy; GCP's
      // is a Terraform resource.
      const dashboard = at('grafana-dashboard');
      const grafanaClouds =
        spec.spec.services.monitoring && kubernetes
          ? spec.spec.clouds.filter(cloud => cloud !== 'gcp')
          : [];
      expect(
        grafanaClouds.length > 0
          ? dashboard > at('tf-apply') && dashboard < at('deploy')
          : dashboard === -1,
      ).toBe(true);
      expect(dashboard === -1 ? '' : job.steps[dashboard]!.if).toBe(
        grafanaClouds.map(cloud => `matrix.cloud == '${cloud}'`).join(' || '),
      );
    }
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
      step => step.uses === actionRef('setupTerraform'),
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
      actionRef('checkout'),
      actionRef('setupKubectl'),
      actionRef('setupNode'),
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
    expect(login(actionRef('awsCredentials')).with!['role-to-assume']).toBe(
      '${{ vars.AWS_ROLE_ARN }}',
    );
    expect(login(actionRef('awsCredentials')).if).toBe("matrix.cloud == 'aws'");
    // GCP plan identities live in each environment's project: one JSON repository variable.
    expect(login(actionRef('googleAuth')).with).toEqual({
      workload_identity_provider:
        '${{ fromJSON(vars.GCP_PLAN_IDENTITIES)[matrix.environment].workload_identity_provider }}',
      service_account:
        '${{ fromJSON(vars.GCP_PLAN_IDENTITIES)[matrix.environment].service_account }}',
    });
    expect(login(actionRef('azureLogin')).with).toEqual({
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
    expect(text).toContain(actionRef('googleAuth'));
    expect(text).not.toMatch(
      /configure-aws-credentials|azure\/login|TF_STATE_BUCKET|ARM_/,
    );
  });
});

describe('apply workflow', () => {
  // The copy-by-digest path (no spec.app.build); imageContract.test.ts covers the build.
  const copied = parseStackSpec({
    ...exampleSpecs['all-clouds-gpu']!,
    spec: {
      ...exampleSpecs['all-clouds-gpu']!.spec,
      app: { ...exampleSpecs['all-clouds-gpu']!.spec.app, build: undefined },
    },
  });
  const workflow = workflowOf(renderApplyWorkflow(copied));

  it('runs on main, one apply at a time, never cancelling a running one', () => {
    expect(workflow.on).toMatchObject({ push: { branches: ['main'] } });
    expect(workflow.concurrency).toEqual({
      group: 'apply',
      'cancel-in-progress': false,
    });
  });

  it('plans each environment after the one before it is applied, then applies it in its GitHub environment', () => {
    expect(Object.keys(workflow.jobs)).toEqual([
      'plan-dev',
      'apply-dev',
      'plan-staging',
      'apply-staging',
      'plan-prod',
      'apply-prod',
    ]);
    expect(workflow.jobs['plan-dev']!.needs).toBeUndefined();
    expect(workflow.jobs['apply-dev']!.needs).toBe('plan-dev');
    expect(workflow.jobs['plan-staging']!.needs).toBe('apply-dev');
    expect(workflow.jobs['plan-prod']!.needs).toBe('apply-staging');
    expect(workflow.jobs['apply-prod']!.needs).toBe('plan-prod');
    // Approval (the environment's required reviewers) sits on the apply job only, after the plan.
    for (const environment of ['dev', 'staging', 'prod'])
      expect(workflow.jobs[`plan-${environment}`]!.environment).toBeUndefined();
    expect(workflow.jobs['apply-dev']!.environment).toBe('dev');
    expect(workflow.jobs['apply-prod']!.environment).toEqual({
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

  it('plans with the read-only identity and keeps the plan with its provider lock file', () => {
    const plan = workflow.jobs['plan-prod']!;
    const runs = runsOf(plan).join('\n');
    expect(runs).toContain(
      'make tf-plan ENV="$ENVIRONMENT" CLOUD="$CLOUD" TF_PLAN_ARGS="-lock=false -no-color"',
    );
    expect(runs).not.toMatch(/make tf-apply|make k8s-/);
    const gcp = plan.steps.find(step => step.uses === actionRef('googleAuth'))!;
    expect(String(gcp.with!.service_account)).toContain('GCP_PLAN_IDENTITIES');
    const upload = plan.steps.find(
      step => step.uses === actionRef('uploadArtifact'),
    )!;
    expect(upload.with).toMatchObject({
      name: 'plan-${{ matrix.environment }}-${{ matrix.cloud }}',
      'include-hidden-files': true,
      'if-no-files-found': 'error',
    });
    expect(String(upload.with!.path).split('\n')).toEqual([
      'infra/envs/${{ matrix.environment }}/${{ matrix.cloud }}/${{ matrix.environment }}-${{ matrix.cloud }}.tfplan',
      'infra/envs/${{ matrix.environment }}/${{ matrix.cloud }}/.terraform.lock.hcl',
    ]);
  });

  it('applies exactly the plan its approval covered: the artifact of that plan job, never a new plan', () => {
    for (const environment of ['dev', 'staging', 'prod']) {
      const plan = workflow.jobs[`plan-${environment}`]!;
      const apply = workflow.jobs[`apply-${environment}`]!;
      const runs = runsOf(apply);
      expect(runs.some(run => run.startsWith('make tf-plan'))).toBe(false);
      const kept = plan.steps.find(
        step => step.uses === actionRef('uploadArtifact'),
      )!;
      const fetched = apply.steps.findIndex(
        step => step.uses === actionRef('downloadArtifact'),
      );
      expect(apply.steps[fetched]!.with).toEqual({
        name: kept.with!.name,
        path: 'infra/envs/${{ matrix.environment }}/${{ matrix.cloud }}',
      });
      // Same targets in both jobs, so every matrix row finds its own plan.
      expect(apply.strategy!.matrix.include).toEqual(
        plan.strategy!.matrix.include,
      );
      const applied = apply.steps.findIndex(step =>
        step.run?.startsWith('make tf-apply'),
      );
      expect(applied).toBeGreaterThan(fetched);
    }
  });

  it('pushes the image, deploys, waits for the rollout, smoke-checks and rolls back on failure', () => {
    const job = workflow.jobs['apply-prod']!;
    const runs = runsOf(job);
    const order = [
      'make tf-apply',
      'make k8s-tunnel',
      'make k8s-identity',
      'make image-push',
      'make deploy',
      'make smoke',
      'make rollback',
    ].map(command => runs.findIndex(run => run.startsWith(command)));
    expect(order.every(index => index >= 0)).toBe(true);
    expect([...order].sort((left, right) => left - right)).toEqual(order);
    expect(runs).toContain(
      'make image-push ENV="$ENVIRONMENT" CLOUD="$CLOUD" SOURCE_IMAGE="$SOURCE_IMAGE"',
    );
    expect(job.env!.SOURCE_IMAGE).toBe(
      "${{ inputs.image || 'ghcr.io/acme/checkout:5.2.0' }}",
    );
    const rollback = job.steps.find(step =>
      step.run?.startsWith('make rollback'),
    )!;
    expect(rollback.if).toContain('failure()');
    expect(rollback.if).toContain('steps.deploy.outcome');
    expect(job.steps.find(step => step.id === 'deploy')!.run).toMatch(
      /^make deploy/,
    );
    const gke = job.steps.find(
      step => step.uses === actionRef('gkeCredentials'),
    )!;
    expect(gke.with).toMatchObject({
      project_id: '${{ steps.cluster.outputs.project }}',
      use_dns_based_endpoint: 'true',
    });
    // Hosted runners reach every private control plane: no self-hosted runner label.
    expect(JSON.stringify(workflow)).not.toContain('DEPLOY_RUNNER');
    expect(JSON.stringify(workflow)).not.toMatch(/aks-set-context|kubelogin/);
  });

  it('only has the environments the stack has', () => {
    const apply = workflowOf(
      renderApplyWorkflow(parseStackSpec(exampleSpecs['aws-gpu-large'])),
    );
    expect(Object.keys(apply.jobs)).toEqual([
      'plan-staging',
      'apply-staging',
      'plan-prod',
      'apply-prod',
    ]);
    expect(apply.jobs['plan-prod']!.needs).toBe('apply-staging');
    expect(apply.jobs['apply-prod']!.environment).toBe('prod');
  });
});

/** Runs a step's script with bash as GitHub would, with its env; returns the exit code and outputs. */
function runStep(step: Step & { env?: Record<string, string> }) {
  const directory = mkdtempSync(join(tmpdir(), 'skyforge-step-'));
  try {
    const output = join(directory, 'output');
    const summary = join(directory, 'summary');
    writeFileSync(output, '');
    writeFileSync(summary, '');
    const result = spawnSync('/bin/bash', ['-e', '-c', step.run!], {
      env: {
        PATH: process.env.PATH,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_ACTOR: 'octocat',
        ...step.env,
      },
      encoding: 'utf8',
    });
    return {
      status: result.status,
      stdout: result.stdout,
      output: readFileSync(output, 'utf8'),
      summary: readFileSync(summary, 'utf8'),
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

describe('destroy workflow', () => {
  const workflow = workflowOf(renderDestroyWorkflow(allClouds));

  it('runs only by hand, with the choices the stack has, and never beside an apply', () => {
    expect(Object.keys(workflow.on)).toEqual(['workflow_dispatch']);
    const { inputs } = workflow.on.workflow_dispatch as {
      inputs: Record<string, { type: string; options?: string[] }>;
    };
    expect(inputs.environment).toMatchObject({
      type: 'choice',
      options: ['dev', 'staging', 'prod'],
    });
    expect(inputs.cloud).toMatchObject({
      type: 'choice',
      options: ['aws', 'gcp', 'azure'],
    });
    expect(inputs.confirm!.type).toBe('string');
    expect(inputs.bootstrap!.type).toBe('boolean');
    expect(workflow.concurrency).toEqual({
      group: 'apply',
      'cancel-in-progress': false,
    });
    expect(
      workflowOf(
        renderDestroyWorkflow(parseStackSpec(exampleSpecs['aws-gpu-large'])),
      ).on,
    ).toMatchObject({
      workflow_dispatch: {
        inputs: {
          environment: { options: ['staging', 'prod'] },
          cloud: { options: ['aws'] },
        },
      },
    });
  });

  it('destroys only what the typed confirmation names, and only a target the stack has', () => {
    const check = workflow.jobs.confirm!.steps[0]!;
    const run = (inputs: Record<string, string>) =>
      runStep({ ...check, env: { ...check.env, ...inputs } });
    const wrong = run({
      ENVIRONMENT: 'prod',
      CLOUD: 'aws',
      CONFIRM: 'checkout/prod/gcp',
    });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stdout).toContain('Type checkout/prod/aws into confirm');
    expect(wrong.output).toBe('');
    const ok = run({
      ENVIRONMENT: 'prod',
      CLOUD: 'aws',
      CONFIRM: 'checkout/prod/aws',
    });
    expect(ok.status).toBe(0);
    const target = JSON.parse(ok.output.replace(/^target=/, ''));
    expect(target).toEqual([
      { environment: 'prod', cloud: 'aws', region: expect.any(String) },
    ]);
    expect(ok.summary).toContain('confirmed by octocat');
    // Untrusted inputs reach the script through env only.
    expect(check.run).not.toContain('${{');
  });

  it('deletes the workloads through the private cluster path, then lifts protection and destroys, in the approved environment', () => {
    const job = workflow.jobs.destroy!;
    expect(job.needs).toBe('confirm');
    expect(job.environment).toBe('${{ matrix.environment }}');
    expect(job.strategy!.matrix.include as unknown).toBe(
      '${{ fromJSON(needs.confirm.outputs.target) }}',
    );
    expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const runs = runsOf(job);
    const order = [
      'make tf-init',
      'make k8s-tunnel',
      'make k8s-identity',
      'make k8s-delete',
      'make tf-destroy',
    ].map(command => runs.findIndex(run => run.startsWith(command)));
    expect(order.every(index => index >= 0)).toBe(true);
    expect([...order].sort((left, right) => left - right)).toEqual(order);
    expect(runs).toContain(
      'make tf-destroy ENV="$ENVIRONMENT" CLOUD="$CLOUD" TF_DESTROY_ARGS="-input=false -auto-approve"',
    );
    // A re-run after the cluster is gone skips the cluster steps, never the destroy.
    const tunnel = job.steps.find(step =>
      step.run?.startsWith('make k8s-tunnel'),
    )!;
    expect(tunnel.if).toBe(
      "matrix.cloud == 'aws' && steps.cluster.outputs.name != ''",
    );
    const gke = job.steps.find(
      step => step.uses === actionRef('gkeCredentials'),
    )!;
    expect(gke.with).toMatchObject({ use_dns_based_endpoint: 'true' });
    expect(
      job.steps.find(step => step.run?.startsWith('make tf-destroy'))!.if,
    ).toBeUndefined();
    const outputs = runStep({
      run: job.steps.find(step => step.id === 'cluster')!.run,
      env: { ENVIRONMENT: 'prod', CLOUD: 'aws', PATH: '/nonexistent' },
    });
    expect(outputs.status).toBe(0);
    expect(outputs.output).toBe('');
  });

  it('leaves the bootstrap to its administrator, and only when asked', () => {
    const job = workflow.jobs.bootstrap!;
    expect(job.needs).toBe('destroy');
    expect(job.if).toBe('inputs.bootstrap');
    expect(job.permissions).toEqual({});
    const handover = runStep({ ...job.steps[0]!, env: { CLOUD: 'gcp' } });
    expect(handover.status).toBe(0);
    expect(handover.summary).toContain('make bootstrap-destroy CLOUD=gcp');
  });
});
