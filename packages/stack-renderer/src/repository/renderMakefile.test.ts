import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseStackSpec } from '../spec/stackSpec';
import { exampleSpecs } from '../testing/exampleSpecs';
import { MAKEFILE_TARGETS, renderMakefile } from './renderMakefile';
import { AZURE_CLIENT_ID_PLACEHOLDER } from './workloadIdentityEnvFile';

const allClouds = parseStackSpec(exampleSpecs['all-clouds-gpu']);

/**
 * Runs the rendered Makefile with `terraform` and `kubectl` replaced by stubs that log their
 * arguments, so the test sees exactly which commands a target runs.
 */
function runMake(options: {
  makefile: string;
  args: string[];
  outputs?: Record<string, string>;
  /** Files written into the working directory before make runs. */
  files?: Record<string, string>;
}) {
  const directory = mkdtempSync(join(tmpdir(), 'skyforge-makefile-'));
  try {
    const bin = join(directory, 'bin');
    mkdirSync(bin);
    const log = join(directory, 'calls.log');
    const outputs = Object.entries(options.outputs ?? {})
      .map(
        ([name, value]) =>
          `[ "$3" = "-raw" ] && [ "$4" = "${name}" ] && { printf '%s' '${value}'; exit 0; }`,
      )
      .join('\n');
    for (const tool of ['terraform', 'kubectl']) {
      const script = `#!/usr/bin/env bash\necho "${tool} $*" >> "${log}"\n${
        tool === 'terraform' ? outputs : ''
      }\nexit 0\n`;
      writeFileSync(join(bin, tool), script);
      chmodSync(join(bin, tool), 0o755);
    }
    writeFileSync(join(directory, 'Makefile'), options.makefile);
    for (const overlay of ['prod-azure', 'prod-aws'])
      mkdirSync(join(directory, 'deploy/overlays', overlay), {
        recursive: true,
      });
    for (const [path, content] of Object.entries(options.files ?? {})) {
      mkdirSync(dirname(join(directory, path)), { recursive: true });
      writeFileSync(join(directory, path), content);
    }
    const result = spawnSync(
      'make',
      ['--no-print-directory', ...options.args],
      {
        cwd: directory,
        env: { PATH: `${bin}:${process.env.PATH}`, HOME: directory },
        encoding: 'utf8',
      },
    );
    const read = (path: string) => {
      try {
        return readFileSync(join(directory, path), 'utf8');
      } catch {
        return '';
      }
    };
    return {
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
      calls: read('calls.log').trim().split('\n').filter(Boolean),
      identityFile: read('deploy/overlays/prod-azure/workload-identity.env'),
      certificateFile: read('deploy/overlays/prod-aws/certificate.env'),
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

describe('renderMakefile', () => {
  const makefile = renderMakefile(allClouds);

  it('indents every recipe line with a tab and defines every target', () => {
    const lines = makefile.split('\n');
    for (const [index, line] of lines.entries()) {
      if (line.startsWith(' '))
        throw new Error(`line ${index + 1} starts with spaces: ${line}`);
    }
    for (const target of MAKEFILE_TARGETS) {
      const header = lines.findIndex(line => line.startsWith(`${target}:`));
      expect(header).toBeGreaterThan(-1);
      expect(lines[header + 1]).toMatch(/^\t/);
    }
    expect(makefile).toContain('.DEFAULT_GOAL := help');
  });

  it('lists every target in make help, the default goal', () => {
    const result = runMake({ makefile, args: [] });
    expect(result.status).toBe(0);
    for (const target of MAKEFILE_TARGETS)
      expect(result.stdout).toMatch(new RegExp(`^  ${target} `, 'm'));
    expect(result.stdout).toContain('ENV:   dev staging prod');
  });

  it('passes the backend settings of each cloud to terraform init', () => {
    expect(
      runMake({
        makefile,
        args: [
          'tf-init',
          'ENV=staging',
          'CLOUD=aws',
          'TF_STATE_BUCKET=state-bucket',
        ],
      }).calls,
    ).toEqual([
      'terraform -chdir=infra/envs/staging/aws init -input=false -backend-config=bucket=state-bucket',
    ]);
    expect(
      runMake({
        makefile,
        args: [
          'tf-init',
          'ENV=prod',
          'CLOUD=azure',
          'TF_STATE_ACCOUNT=stateaccount',
        ],
      }).calls,
    ).toEqual([
      'terraform -chdir=infra/envs/prod/azure init -input=false -backend-config=storage_account_name=stateaccount',
    ]);
    expect(
      runMake({ makefile, args: ['tf-init', 'ENV=dev', 'CLOUD=gcp'] }).calls,
    ).toEqual(['terraform -chdir=infra/envs/dev/gcp init -input=false']);
  });

  it('defaults the state bucket to the bootstrap output and refuses an empty one', () => {
    const withOutput = runMake({
      makefile,
      args: ['tf-init', 'ENV=dev', 'CLOUD=aws'],
      outputs: { tf_state_bucket: 'from-bootstrap' },
    });
    expect(withOutput.calls).toContain(
      'terraform -chdir=infra/envs/dev/aws init -input=false -backend-config=bucket=from-bootstrap',
    );
    const empty = runMake({
      makefile,
      args: ['tf-init', 'ENV=dev', 'CLOUD=aws'],
    });
    expect(empty.status).not.toBe(0);
    expect(empty.stderr).toContain('TF_STATE_BUCKET is empty');
  });

  it('rejects environments and clouds the stack does not have, naming the allowed values', () => {
    const badEnvironment = runMake({
      makefile,
      args: ['tf-plan', 'ENV=qa', 'CLOUD=aws'],
    });
    expect(badEnvironment.status).not.toBe(0);
    expect(badEnvironment.stderr).toContain(
      'ENV must be one of: dev staging prod (got "qa")',
    );
    expect(badEnvironment.calls).toEqual([]);
    const gcpOnly = renderMakefile(parseStackSpec(exampleSpecs['gcp-medium']));
    const badCloud = runMake({
      makefile: gcpOnly,
      args: ['tf-plan', 'ENV=dev', 'CLOUD=aws'],
    });
    expect(badCloud.stderr).toContain('CLOUD must be one of: gcp (got "aws")');
    const missing = runMake({ makefile: gcpOnly, args: ['k8s-build'] });
    expect(missing.stderr).toContain('ENV must be one of: dev prod (got "")');
    const staging = runMake({
      makefile: gcpOnly,
      args: ['tf-plan', 'ENV=staging', 'CLOUD=gcp'],
    });
    expect(staging.stderr).toContain(
      'ENV must be one of: dev prod (got "staging")',
    );
  });

  it('plans to a file and applies exactly that file', () => {
    expect(
      runMake({
        makefile,
        args: ['tf-plan', 'ENV=dev', 'CLOUD=gcp', 'TF_PLAN_ARGS=-lock=false'],
      }).calls,
    ).toEqual([
      'terraform -chdir=infra/envs/dev/gcp plan -input=false -lock=false -out=dev-gcp.tfplan',
    ]);
    const noPlan = runMake({
      makefile,
      args: ['tf-apply', 'ENV=dev', 'CLOUD=gcp'],
    });
    expect(noPlan.status).not.toBe(0);
    expect(noPlan.stderr).toContain(
      'No plan file infra/envs/dev/gcp/dev-gcp.tfplan',
    );
    expect(makefile).toContain(
      '\tterraform -chdir=$(TF_ROOT) apply -input=false $(PLAN_FILE)\n',
    );
  });

  it('builds and applies the overlay of ENV-CLOUD, and only on the matching kubectl context', () => {
    expect(
      runMake({ makefile, args: ['k8s-build', 'ENV=prod', 'CLOUD=gcp'] }).calls,
    ).toEqual(['kubectl kustomize deploy/overlays/prod-gcp']);
    // The kubectl stub prints nothing as the current context, which never matches the cluster.
    const wrongContext = runMake({
      makefile,
      args: ['k8s-apply', 'ENV=prod', 'CLOUD=gcp'],
      outputs: { cluster_name: 'checkout-prod' },
    });
    expect(wrongContext.status).not.toBe(0);
    expect(wrongContext.stderr).toContain(
      'is not the cluster checkout-prod of prod/gcp',
    );
    expect(makefile).toContain(
      'kubectl kustomize $(OVERLAY) | kubectl apply --server-side --field-manager=skyforge -f -',
    );
  });

  it('writes the Azure workload identity client ID into the overlay', () => {
    const result = runMake({
      makefile,
      args: ['k8s-identity', 'ENV=prod', 'CLOUD=azure'],
      outputs: {
        app_identity_client_id: '00000000-0000-0000-0000-000000000001',
      },
    });
    expect(result.status).toBe(0);
    expect(result.identityFile).toBe(
      'AZURE_CLIENT_ID=00000000-0000-0000-0000-000000000001\n',
    );
    expect(
      runMake({ makefile, args: ['k8s-identity', 'ENV=prod', 'CLOUD=aws'] })
        .stderr,
    ).toContain('only needed for CLOUD=azure');
  });

  it('refuses to apply an Azure overlay that still holds the placeholder client ID', () => {
    const identityFile = 'deploy/overlays/prod-azure/workload-identity.env';
    const apply = (content: string) =>
      runMake({
        makefile,
        args: ['k8s-apply', 'ENV=prod', 'CLOUD=azure'],
        outputs: { cluster_name: 'checkout-prod' },
        files: { [identityFile]: content },
      });
    const placeholder = apply(
      `# written by make k8s-identity\nAZURE_CLIENT_ID=${AZURE_CLIENT_ID_PLACEHOLDER}\n`,
    );
    expect(placeholder.status).not.toBe(0);
    expect(placeholder.stderr).toContain(
      'still holds the placeholder client ID: run make k8s-identity ENV=prod CLOUD=azure first.',
    );
    expect(placeholder.calls).toEqual([]);
    // With a real client ID the target goes on to the kubectl context check.
    const written = apply(
      'AZURE_CLIENT_ID=00000000-0000-0000-0000-000000000001\n',
    );
    expect(written.stderr).not.toContain('placeholder');
    expect(written.stderr).toContain('is not the cluster checkout-prod');
  });

  it('validates every root and builds every overlay', () => {
    const result = runMake({
      makefile,
      args: ['validate'],
      files: { 'infra/envs/prod/aws/tests/day1.tftest.hcl': '' },
    });
    expect(result.status).toBe(0);
    expect(result.calls[0]).toBe('terraform fmt -check -recursive infra');
    const validated = result.calls
      .filter(call => call.endsWith(' validate'))
      .map(call => call.split(' ')[1]);
    expect(validated).toEqual([
      '-chdir=infra/bootstrap/aws',
      '-chdir=infra/bootstrap/gcp',
      '-chdir=infra/bootstrap/azure',
      ...['dev', 'staging', 'prod'].flatMap(environment =>
        ['aws', 'gcp', 'azure'].map(
          cloud => `-chdir=infra/envs/${environment}/${cloud}`,
        ),
      ),
    ]);
    expect(result.calls).toContain(
      'terraform -chdir=infra/envs/prod/azure init -backend=false -input=false',
    );
    // Nine overlays, the EKS Auto Mode platform objects of every AWS environment and the AKS
    // platform objects of staging and prod (the NVIDIA device plugin).
    expect(
      result.calls.filter(call => call.startsWith('kubectl kustomize')),
    ).toHaveLength(9 + 3 + 2);
    expect(result.calls).toContain(
      'kubectl kustomize deploy/platform/prod-aws',
    );
    expect(result.calls).toContain(
      'kubectl kustomize deploy/platform/prod-azure',
    );
    // A root with tests/ runs its terraform test suite (mocked providers, no cloud access).
    expect(result.calls.filter(call => call.endsWith(' test'))).toEqual([
      'terraform -chdir=infra/envs/prod/aws test',
    ]);
  });

  it('writes the ACM certificate ARN into the AWS overlay and refuses to apply the placeholder', () => {
    const arn =
      'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
    const written = runMake({
      makefile,
      args: ['k8s-certificate', 'ENV=prod', 'CLOUD=aws'],
      outputs: { certificate_arn: arn },
      files: { 'deploy/overlays/prod-aws/certificate.env': '' },
    });
    expect(written.status).toBe(0);
    expect(written.certificateFile).toBe(`CERTIFICATE_ARN=${arn}\n`);
    expect(
      runMake({ makefile, args: ['k8s-certificate', 'ENV=prod', 'CLOUD=gcp'] })
        .stderr,
    ).toContain('only needed for CLOUD=aws');
    const placeholder = runMake({
      makefile,
      args: ['k8s-apply', 'ENV=prod', 'CLOUD=aws'],
      outputs: { cluster_name: 'checkout-prod' },
      files: {
        'deploy/overlays/prod-aws/certificate.env':
          'CERTIFICATE_ARN=arn:aws:acm:eu-west-1:000000000000:certificate/00000000-0000-0000-0000-000000000000\n',
      },
    });
    expect(placeholder.status).not.toBe(0);
    expect(placeholder.stderr).toContain(
      'still holds the placeholder certificate ARN: run make k8s-certificate ENV=prod CLOUD=aws first.',
    );
    expect(placeholder.calls).toEqual([]);
  });

  it('applies the EKS Auto Mode platform objects before the AWS overlay', () => {
    const lines = makefile.split('\n');
    const recipe = lines.slice(
      lines.findIndex(line => line.startsWith('k8s-apply:')),
    );
    const platform = recipe.findIndex(line =>
      line.includes('kubectl kustomize $(PLATFORM) | kubectl apply'),
    );
    const overlay = recipe.findIndex(line =>
      line.includes('kubectl kustomize $(OVERLAY) | kubectl apply'),
    );
    expect(platform).toBeGreaterThan(-1);
    expect(platform).toBeLessThan(overlay);
  });
});
