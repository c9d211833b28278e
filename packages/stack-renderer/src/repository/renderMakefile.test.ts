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
import { exampleSpecs, mixedComputeSpec } from '../testing/exampleSpecs';
import {
  MAKEFILE_TARGETS,
  makefileTargets,
  renderMakefile,
} from './renderMakefile';
import { AZURE_CLIENT_ID_PLACEHOLDER } from '../kustomize/workloadIdentityEnvFile';

const allClouds = parseStackSpec(exampleSpecs['all-clouds-gpu']);
const DIGEST = `sha256:${'ab'.repeat(32)}`;

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
  /** Stubs of further tools (aws, az, docker, curl): the body of each script after its log line. */
  tools?: Record<string, string>;
  env?: Record<string, string>;
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
    const bodies: Record<string, string> = {
      terraform: outputs,
      // The environment prefix shows which applies use an ApplySet.
      kubectl:
        '[ "$1 $2" = "config current-context" ] && printf "%s" "${KUBE_CONTEXT:-}"',
      ...options.tools,
    };
    for (const [tool, body] of Object.entries(bodies)) {
      const prefix =
        tool === 'kubectl'
          ? '${KUBECTL_APPLYSET:+KUBECTL_APPLYSET=$KUBECTL_APPLYSET }'
          : '';
      const script = `#!/usr/bin/env bash\necho "${prefix}${tool} $*" >> "${log}"\n${body}\nexit 0\n`;
      writeFileSync(join(bin, tool), script);
      chmodSync(join(bin, tool), 0o755);
    }
    writeFileSync(join(directory, 'Makefile'), options.makefile);
    for (const overlay of ['prod-azure', 'prod-aws', 'prod-gcp']) {
      mkdirSync(join(directory, 'deploy/overlays', overlay, 'image'), {
        recursive: true,
      });
      // A pinned image unless the test writes its own component.
      writeFileSync(
        join(directory, 'deploy/overlays', overlay, 'image/kustomization.yaml'),
        `images:\n  - digest: ${DIGEST}\n`,
      );
    }
    for (const [path, content] of Object.entries(options.files ?? {})) {
      mkdirSync(dirname(join(directory, path)), { recursive: true });
      writeFileSync(join(directory, path), content);
    }
    const result = spawnSync(
      'make',
      ['--no-print-directory', ...options.args],
      {
        cwd: directory,
        env: {
          PATH: `${bin}:${process.env.PATH}`,
          HOME: directory,
          ...options.env,
        },
        encoding: 'utf8',
      },
    );
    const components: Record<string, string> = {};
    const read = (path: string) => {
      try {
        return readFileSync(join(directory, path), 'utf8');
      } catch {
        return '';
      }
    };
    for (const overlay of ['prod-azure', 'prod-aws', 'prod-gcp'])
      components[overlay] = read(
        `deploy/overlays/${overlay}/image/kustomization.yaml`,
      );
    return {
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
      calls: read('calls.log').trim().split('\n').filter(Boolean),
      identityFile: read('deploy/overlays/prod-azure/workload-identity.env'),
      certificateFile: read('deploy/overlays/prod-aws/certificate.env'),
      imageComponent: (overlay: string) => components[overlay] ?? '',
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

  describe('on a stack without Kubernetes', () => {
    it.each(['trading-api', 'dev-lab', 'lab-azure'])(
      '%s: has no k8s-* target, variable or call; make help lists the rest',
      key => {
        const spec = parseStackSpec(exampleSpecs[key]);
        const serverless = renderMakefile(spec);
        expect(serverless.match(/.*k8s-.*/g) ?? []).toEqual([]);
        expect(serverless).not.toMatch(/OVERLAY|NAMESPACE|APPLYSET|in_cluster/);
        const targets = makefileTargets(spec);
        expect(targets).toEqual(
          MAKEFILE_TARGETS.filter(target => !target.startsWith('k8s-')),
        );
        const result = runMake({ makefile: serverless, args: [] });
        expect(result.status).toBe(0);
        const listed = [...result.stdout.matchAll(/^ {2}([a-z0-9-]+) /gm)].map(
          match => match[1],
        );
        expect(listed).toEqual(targets);
        expect(
          runMake({
            makefile: serverless,
            args: ['k8s-credentials', `ENV=${spec.spec.environments[0]}`],
          }).status,
        ).not.toBe(0);
      },
    );

    it('keeps the k8s-* targets where one environment runs Kubernetes', () => {
      const input = mixedComputeSpec();
      const mixed = parseStackSpec(input);
      expect(makefileTargets(mixed)).toEqual([...MAKEFILE_TARGETS]);
      expect(renderMakefile(mixed)).toMatch(/^k8s-credentials: /m);
    });
  });

  it('asks for make k8s-credentials before make database-user only where the psql pod runs in a cluster', () => {
    type Input = {
      spec: {
        overrides?: Record<string, unknown>;
        services: Record<string, boolean>;
      };
    };
    const help = (key: string, change?: (input: Input) => void) => {
      const input = structuredClone(exampleSpecs[key]!) as Input;
      change?.(input);
      return renderMakefile(parseStackSpec(input))
        .split('\n')
        .find(line => line.startsWith('database-user:'));
    };
    const note = (text: string) =>
      `database-user: check-target ## Create the application's database role and grants (${text})`;
    expect(help('gcp-medium')).toBe(
      note('needs tf-init; GCP: make k8s-credentials'),
    );
    expect(help('azure-small')).toBe(
      note('needs tf-init; Azure: make k8s-credentials'),
    );
    // AWS tunnels through SSM; Cloud Run and Container Apps start their database role job.
    for (const key of ['aws-small', 'trading-api', 'dev-lab', 'lab-azure'])
      expect(help(key)).toBe(note('needs tf-init'));
    expect(
      help('gcp-medium', input => {
        input.spec.overrides = { dev: { compute: 'serverless' } };
        input.spec.services.monitoring = false;
      }),
    ).toBe(note('needs tf-init; GCP on Kubernetes: make k8s-credentials'));
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
    const applied = runMake({
      makefile,
      args: ['k8s-apply', 'ENV=prod', 'CLOUD=gcp'],
      outputs: { cluster_name: 'checkout-prod' },
      env: {
        KUBE_CONTEXT: 'gke_acme-checkout-prod_europe-west4_checkout-prod',
      },
    });
    expect(applied.status).toBe(0);
    // Namespace first (the ApplySet parent lives in it), then the overlay, pruning what it lost.
    const [build, ...applies] = applied.calls.slice(-4);
    expect(build).toBe('kubectl kustomize deploy/overlays/prod-gcp');
    // The two ends of the namespace pipe start together: their log order is not fixed.
    expect(applies.slice(0, 2).sort()).toEqual([
      'kubectl apply --server-side --field-manager=skyforge -f -',
      'kubectl create namespace checkout --dry-run=client --output yaml',
    ]);
    expect(applies[2]).toBe(
      'KUBECTL_APPLYSET=true kubectl apply --server-side --field-manager=skyforge --namespace checkout --prune --applyset=configmaps/checkout-applyset -f manifests.yaml',
    );
  });

  it('deletes the workloads, their namespace and then the platform objects, only on the matching kubectl context', () => {
    const wrongContext = runMake({
      makefile,
      args: ['k8s-delete', 'ENV=prod', 'CLOUD=aws'],
      outputs: { cluster_name: 'checkout-prod' },
    });
    expect(wrongContext.status).not.toBe(0);
    expect(wrongContext.stderr).toContain(
      'is not the cluster checkout-prod of prod/aws',
    );
    const deleted = runMake({
      makefile,
      args: ['k8s-delete', 'ENV=prod', 'CLOUD=aws'],
      outputs: { cluster_name: 'checkout-prod' },
      files: {
        'deploy/platform/prod-aws/kustomization.yaml': 'resources: []\n',
      },
      env: {
        KUBE_CONTEXT:
          'arn:aws:eks:eu-west-1:123456789012:cluster/checkout-prod',
      },
    });
    expect(deleted.status).toBe(0);
    expect(deleted.calls.filter(call => call.startsWith('kubectl '))).toEqual([
      'kubectl config current-context',
      'kubectl kustomize deploy/overlays/prod-aws',
      'kubectl delete --ignore-not-found --wait --timeout=10m -f manifests.yaml',
      'kubectl delete namespace checkout --ignore-not-found --wait --timeout=10m',
      'kubectl kustomize deploy/platform/prod-aws',
      'kubectl delete --ignore-not-found --wait --timeout=10m -f platform.yaml',
    ]);
    // On AKS the delete runs in the cluster, through az aks command invoke.
    const aks = runMake({
      makefile,
      args: ['k8s-delete', 'ENV=prod', 'CLOUD=azure'],
      outputs: {
        cluster_name: 'checkout-prod',
        resource_group_name: 'checkout-prod',
      },
      tools: { az: `echo '{"exitCode": 0, "logs": "deleted"}'` },
    });
    expect(aks.status).toBe(0);
    const invoke = aks.calls.filter(call => call.startsWith('az '));
    expect(invoke[0]).toContain(
      '--command kubectl delete --ignore-not-found --wait --timeout=10m -f manifests.yaml && kubectl delete namespace checkout --ignore-not-found --wait --timeout=10m --file manifests.yaml',
    );
  });

  it('lifts deletion protection with an apply before it destroys, per cloud', () => {
    const destroy = (cloud: string) =>
      runMake({
        makefile,
        args: [
          'tf-destroy',
          'ENV=prod',
          `CLOUD=${cloud}`,
          'TF_DESTROY_ARGS=-input=false -auto-approve',
        ],
      }).calls;
    expect(destroy('aws')).toEqual([
      'terraform -chdir=infra/envs/prod/aws apply -input=false -auto-approve -var teardown=true -var deletion_protection=false',
      'terraform -chdir=infra/envs/prod/aws destroy -input=false -auto-approve -var teardown=true -var deletion_protection=false',
    ]);
    expect(destroy('gcp')[0]).toContain(
      'apply -input=false -auto-approve -var teardown=true -var deletion_protection=false',
    );
    // Azure's locks follow deletion_protection; its root has no force_destroy to lift.
    expect(destroy('azure')).toEqual([
      'terraform -chdir=infra/envs/prod/azure apply -input=false -auto-approve -var deletion_protection=false',
      'terraform -chdir=infra/envs/prod/azure destroy -input=false -auto-approve -var deletion_protection=false',
    ]);
  });

  it('destroys the bootstrap only from its local state and once every environment of the cloud is empty', () => {
    const bootstrap = (options: { state?: boolean; leftOver?: string }) =>
      runMake({
        makefile,
        args: ['bootstrap-destroy', 'CLOUD=aws', 'TF_STATE_BUCKET=state'],
        files: options.state
          ? { 'infra/bootstrap/aws/terraform.tfstate': '{}' }
          : {},
        tools: {
          terraform: options.leftOver
            ? `[ "$1 $2 $3" = "-chdir=infra/envs/${options.leftOver}/aws state list" ] && echo module.cluster.aws_eks_cluster.this`
            : '',
        },
      });
    const noState = bootstrap({});
    expect(noState.status).not.toBe(0);
    expect(noState.stderr).toContain(
      'infra/bootstrap/aws/terraform.tfstate is missing',
    );
    expect(noState.calls).toEqual([]);

    const staging = bootstrap({ state: true, leftOver: 'staging' });
    expect(staging.status).not.toBe(0);
    expect(staging.stderr).toContain(
      'infra/envs/staging/aws still has resources',
    );
    expect(staging.calls.some(call => call.includes('bootstrap/aws'))).toBe(
      false,
    );

    const done = bootstrap({ state: true });
    expect(done.status).toBe(0);
    expect(done.calls.slice(-2)).toEqual([
      'terraform -chdir=infra/bootstrap/aws apply -var teardown=true',
      'terraform -chdir=infra/bootstrap/aws destroy -var teardown=true',
    ]);
    expect(done.calls.filter(call => call.endsWith(' state list'))).toEqual([
      'terraform -chdir=infra/envs/dev/aws state list',
      'terraform -chdir=infra/envs/staging/aws state list',
      'terraform -chdir=infra/envs/prod/aws state list',
    ]);
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
        tools: { az: `echo '{"exitCode": 0, "logs": ""}'` },
      });
    const placeholder = apply(
      `# written by make k8s-identity\nAZURE_CLIENT_ID=${AZURE_CLIENT_ID_PLACEHOLDER}\n`,
    );
    expect(placeholder.status).not.toBe(0);
    expect(placeholder.stderr).toContain(
      'still holds the placeholder client ID: run make k8s-identity ENV=prod CLOUD=azure first.',
    );
    expect(placeholder.calls).toEqual([]);
    // With a real client ID the target goes on to apply, through az aks command invoke.
    const written = apply(
      'AZURE_CLIENT_ID=00000000-0000-0000-0000-000000000001\n',
    );
    expect(written.stderr).not.toContain('placeholder');
    expect(written.calls.join('\n')).toContain('az aks command invoke');
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
    // Nine overlays and nine platform directories (every cluster has the health reader RBAC).
    expect(
      result.calls.filter(call => call.startsWith('kubectl kustomize')),
    ).toHaveLength(9 + 9);
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
      line.includes('kubectl kustomize $(PLATFORM) > $(BUILD)/platform.yaml'),
    );
    const overlay = recipe.findIndex(line =>
      line.includes('kubectl kustomize $(OVERLAY) > $(BUILD)/manifests.yaml'),
    );
    expect(platform).toBeGreaterThan(-1);
    expect(platform).toBeLessThan(overlay);
  });

  it('refuses to apply an overlay whose image is still the placeholder digest', () => {
    const result = runMake({
      makefile,
      args: ['k8s-apply', 'ENV=prod', 'CLOUD=gcp'],
      files: {
        'deploy/overlays/prod-gcp/image/kustomization.yaml': `images:\n  - digest: sha256:${'0'.repeat(
          64,
        )}\n`,
      },
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      'still pins the placeholder digest: run make image-push ENV=prod CLOUD=gcp first.',
    );
    expect(result.calls).toEqual([]);
  });

  it('runs kubectl on AKS through az aks command invoke, uploading the manifests, and fails with the command', () => {
    const apply = (exitCode: number) =>
      runMake({
        makefile,
        args: ['k8s-apply', 'ENV=prod', 'CLOUD=azure'],
        outputs: {
          cluster_name: 'checkout-prod',
          resource_group_name: 'checkout-prod',
        },
        files: {
          'deploy/overlays/prod-azure/workload-identity.env':
            'AZURE_CLIENT_ID=00000000-0000-0000-0000-000000000001\n',
        },
        tools: {
          az: `echo '{"exitCode": ${exitCode}, "logs": "from the cluster"}'`,
        },
      });
    const ok = apply(0);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('from the cluster');
    const invoke = ok.calls.filter(call => call.startsWith('az '));
    expect(invoke).toHaveLength(1);
    expect(invoke[0]).toContain(
      'aks command invoke --resource-group checkout-prod --name checkout-prod --output json --command kubectl create namespace checkout',
    );
    expect(invoke[0]).toMatch(
      /--prune --applyset=configmaps\/checkout-applyset -f manifests\.yaml --file manifests\.yaml$/,
    );
    // No local kubectl ever talks to the private AKS API.
    expect(
      ok.calls.filter(
        call => call.includes('kubectl') && !call.startsWith('az '),
      ),
    ).toEqual(['kubectl kustomize deploy/overlays/prod-azure']);
    expect(apply(1).status).not.toBe(0);
  });

  it('copies the image into the registry, keeping an existing immutable tag, and pins its digest', () => {
    const repository =
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/checkout-prod';
    const docker = (existing: boolean) => `
case "$*" in
  "login "*) cat > /dev/null ;;
  *"--format"*) printf '"%s"\n' "${DIGEST}" ;;
  "buildx imagetools inspect ${repository}:5.2.0") exit ${existing ? 0 : 1} ;;
esac`;
    const push = (existing: boolean) =>
      runMake({
        makefile,
        args: ['image-push', 'ENV=prod', 'CLOUD=aws'],
        outputs: { image_repository: repository, region: 'eu-west-1' },
        tools: { docker: docker(existing), aws: 'echo token' },
      });
    const fresh = push(false);
    expect(fresh.status).toBe(0);
    expect(fresh.calls).toContain(
      `docker buildx imagetools create --prefer-index=false --tag ${repository}:5.2.0 ghcr.io/acme/checkout:5.2.0`,
    );
    expect(fresh.calls).toContain(
      'aws ecr get-login-password --region eu-west-1',
    );
    expect(fresh.imageComponent('prod-aws')).toContain(
      `  - name: ghcr.io/acme/checkout\n    newName: ${repository}\n    digest: ${DIGEST}\n`,
    );
    const again = push(true);
    expect(again.status).toBe(0);
    expect(again.calls.join('\n')).not.toContain('imagetools create');
  });

  it('imports into ACR, which has no public endpoint, and pins the source digest', () => {
    const result = runMake({
      makefile,
      args: [
        'image-push',
        'ENV=prod',
        'CLOUD=azure',
        'SOURCE_IMAGE=ghcr.io/acme/checkout:5.3.0',
      ],
      outputs: {
        image_repository: 'checkoutprodacr.azurecr.io/checkout',
        registry_name: 'checkoutprodacr',
      },
      tools: { docker: `printf '"%s"\n' "${DIGEST}"`, az: '' },
    });
    expect(result.status).toBe(0);
    expect(result.calls).toContain(
      'az acr import --name checkoutprodacr --source ghcr.io/acme/checkout:5.3.0 --image checkout:5.3.0 --force',
    );
    expect(result.imageComponent('prod-azure')).toContain(
      `newName: checkoutprodacr.azurecr.io/checkout\n    digest: ${DIGEST}\n`,
    );
  });

  it('refuses a digest that is not sha256 and 64 hex digits', () => {
    const result = runMake({
      makefile,
      args: [
        'k8s-image',
        'ENV=prod',
        'CLOUD=gcp',
        'IMAGE_REPOSITORY=x/y',
        'DIGEST=sha256:abc',
      ],
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      'DIGEST must be sha256:<64 hex digits> (got "sha256:abc")',
    );
  });

  it('verifies the rollout and ready endpoints, smoke-checks through the Ingress and rolls back', () => {
    const context = { KUBE_CONTEXT: 'checkout-prod' };
    const verify = runMake({
      makefile,
      args: ['k8s-verify', 'ENV=prod', 'CLOUD=gcp'],
      tools: {
        kubectl:
          '[ "$1" = "--namespace" ] && [ "$3" = get ] && echo "true false"',
      },
      env: context,
    });
    expect(verify.status).toBe(0);
    expect(verify.calls).toEqual([
      'kubectl --namespace checkout rollout status deployment/checkout --timeout=10m',
      'kubectl --namespace checkout get endpointslices --selector kubernetes.io/service-name=checkout --output jsonpath={.items[*].endpoints[*].conditions.ready}',
    ]);
    const noEndpoints = runMake({
      makefile,
      args: ['k8s-verify', 'ENV=prod', 'CLOUD=gcp'],
      tools: { kubectl: '[ "$3" = get ] && echo "false"' },
    });
    expect(noEndpoints.status).not.toBe(0);
    const smoke = runMake({
      makefile,
      args: ['k8s-smoke', 'ENV=prod', 'CLOUD=gcp'],
      tools: { curl: 'exit 22' },
    });
    expect(smoke.status).not.toBe(0);
    expect(smoke.calls[0]).toContain('https://checkout.example.com/healthz');
    const rollback = runMake({
      makefile,
      args: ['k8s-rollback', 'ENV=prod', 'CLOUD=gcp'],
    });
    expect(rollback.calls).toEqual([
      'kubectl --namespace checkout rollout undo deployment/checkout',
      'kubectl --namespace checkout rollout status deployment/checkout --timeout=10m',
    ]);
  });

  describe('make smoke on a serverless target', () => {
    const devLab = parseStackSpec(exampleSpecs['dev-lab']);

    it('runs the serverless script against the platform when the service admits internet traffic', () => {
      const smoke = runMake({
        makefile: renderMakefile(devLab),
        args: ['smoke', 'ENV=dev', 'CLOUD=gcp'],
        files: { 'scripts/serverless-gcp.sh': 'echo "script $*"' },
      });
      expect(smoke.status).toBe(0);
      expect(smoke.stdout).toContain(
        'script smoke infra/envs/dev/gcp https://lab.example.com/healthz',
      );
    });

    it('says what it cannot reach instead of failing when Cloud Run admits only its own network (no host with TLS)', () => {
      const input = structuredClone(exampleSpecs['dev-lab']!) as {
        spec: { app: { ingress: { tls?: boolean } } };
      };
      input.spec.app.ingress.tls = false;
      const internal = parseStackSpec(input);
      const smoke = runMake({
        makefile: renderMakefile(internal),
        args: ['smoke', 'ENV=dev', 'CLOUD=gcp'],
        files: { 'scripts/serverless-gcp.sh': 'echo "script $*"; exit 1' },
        tools: { curl: 'exit 7' },
      });
      expect(smoke.status).toBe(0);
      expect(smoke.stdout).toContain(
        '::warning::dev/gcp admits only traffic from its own network (spec.app.ingress has no host with TLS): nothing outside it can request http://lab.example.com/healthz',
      );
      expect(smoke.stdout).not.toContain('script');
      expect(smoke.calls).toEqual([]);
    });
  });
});
