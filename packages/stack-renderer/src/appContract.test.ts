import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOverlay } from '@skyforge/stack-checks';
import {
  SERVICES_ENV_FILE,
  SERVICES_PLACEHOLDER_PREFIX,
  appServiceVariables,
} from './kustomize/appServiceVariables';
import { kustomizeNames } from './kustomize/kustomizeNames';
import { overlayDirectory } from './kustomize/renderOverlay';
import { renderStack } from './renderStack';
import { deploymentTargets } from './spec/deploymentTargets';
import type { Cloud } from './spec/regions';
import { parseStackSpec, type StackSpec } from './spec/stackSpec';
import { exampleSpecs } from './testing/exampleSpecs';
import { writeFileTree } from './testing/writeFileTree';

/**
 * The contract between infrastructure and application, read from whole renders of every example:
 * each value the application needs goes Terraform output → `make k8s-services` → services.env →
 * ConfigMap → the container's environment, and the pods run as the identity Terraform grants.
 * `terraform` is a stand-in on PATH that answers `output -json` with a value for every output the
 * rendered root declares (no cloud); make, jq and kubectl kustomize are the real tools.
 */

interface KubernetesObject {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  data?: Record<string, string>;
  spec?: Record<string, any>;
}

/** The output names an environment root declares in its outputs.tf. */
function rootOutputs(
  root: string,
  target: { environment: string; cloud: string },
) {
  const text = readFileSync(
    join(root, 'infra/envs', target.environment, target.cloud, 'outputs.tf'),
    'utf8',
  );
  return [...text.matchAll(/^output "([a-z0-9_]+)"/gm)].map(match => match[1]!);
}

/** A `terraform` that prints `{"<name>": {"value": "<name>-value"}}` for the root's outputs. */
function standInTerraform(directory: string, outputs: readonly string[]) {
  const json = JSON.stringify(
    Object.fromEntries(
      outputs.map(name => [
        name,
        { sensitive: false, type: 'string', value: `${name}-value` },
      ]),
    ),
  );
  writeFileSync(join(directory, 'outputs.json'), json);
  const script = join(directory, 'terraform');
  writeFileSync(
    script,
    `#!/bin/sh\ncase "$*" in *"output -json"*) cat "${join(
      directory,
      'outputs.json',
    )}" ;; *) exit 2 ;; esac\n`,
  );
  chmodSync(script, 0o755);
}

function containerEnvironment(objects: KubernetesObject[], spec: StackSpec) {
  const names = kustomizeNames(spec);
  const deployment = objects.find(
    object =>
      object.kind === 'Deployment' && object.metadata.name === names.app,
  )!;
  const pod = deployment.spec!.template.spec;
  const container = pod.containers[0];
  const data: Record<string, string> = {};
  for (const source of container.envFrom as Array<{
    configMapRef: { name: string };
  }>) {
    const configMap = objects.find(
      object =>
        object.kind === 'ConfigMap' &&
        object.metadata.name === source.configMapRef.name,
    );
    // A ConfigMap the build does not contain would leave the pod in CreateContainerConfigError.
    expect(configMap).toBeDefined();
    Object.assign(data, configMap!.data);
  }
  const account = objects.find(
    object =>
      object.kind === 'ServiceAccount' &&
      object.metadata.name === pod.serviceAccountName,
  )!;
  return {
    data,
    account,
    podLabels: deployment.spec!.template.metadata.labels,
  };
}

/** Whether the pods' ServiceAccount is bound to the identity Terraform grants the services to. */
function identityBound(options: {
  root: string;
  target: { environment: string; cloud: Cloud };
  account: KubernetesObject;
  podLabels: Record<string, string>;
}): boolean {
  const { root, target, account, podLabels } = options;
  const annotations = account.metadata.annotations ?? {};
  switch (target.cloud) {
    case 'gcp':
      return /@.+\.iam\.gserviceaccount\.com$/.test(
        annotations['iam.gke.io/gcp-service-account'] ?? '',
      );
    case 'azure':
      return (
        annotations['azure.workload.identity/client-id'] !== undefined &&
        podLabels['azure.workload.identity/use'] === 'true'
      );
    default:
      // EKS Pod Identity binds the role to the namespace and ServiceAccount in Terraform.
      // Read the argument, not its alignment: terraform fmt pads it to the longest name in the block.
      return new RegExp(
        `^\\s*app_service_account\\s*=\\s*"${account.metadata.name}"$`,
        'm',
      ).test(
        readFileSync(
          join(root, 'infra/envs', target.environment, 'aws', 'main.tf'),
          'utf8',
        ),
      );
  }
}

// The Kubernetes side of the contract (services.env, the ConfigMap); the serverless container gets
// the same names from Terraform, which the serverless run of its terraform test checks.
describe.each(
  Object.keys(exampleSpecs).filter(
    key => exampleSpecs[key]!.spec.compute !== 'serverless',
  ),
)('the application contract of %s', key => {
  const spec = parseStackSpec(exampleSpecs[key]);
  let root: string;
  let bin: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), `skyforge-contract-${key}-`));
    bin = mkdtempSync(join(tmpdir(), `skyforge-contract-bin-${key}-`));
    writeFileTree({ files: renderStack(spec).files, directory: root });
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(bin, { recursive: true, force: true });
  });

  it('hands every Terraform output the application needs to its container (make k8s-services with a stand-in terraform, kubectl kustomize)', () => {
    let checked = 0;
    for (const target of deploymentTargets(spec)) {
      const overlay = overlayDirectory(target);
      const variables = appServiceVariables(spec, target.cloud);
      const outputs = rootOutputs(root, target);
      // Every output the application reads exists in the root that applies the service.
      expect(
        variables
          .map(variable => variable.output)
          .filter(name => !outputs.includes(name)),
      ).toEqual([]);

      // Before make k8s-services: the overlay builds, with placeholders naming the outputs.
      const committed = containerEnvironment(
        buildOverlay({ root, overlay }) as KubernetesObject[],
        spec,
      );
      for (const variable of variables)
        expect(committed.data[variable.name]).toBe(
          `${SERVICES_PLACEHOLDER_PREFIX}${variable.output}`,
        );

      const targetBin = join(bin, `${target.environment}-${target.cloud}`);
      mkdirSync(targetBin, { recursive: true });
      standInTerraform(targetBin, outputs);
      execFileSync(
        'make',
        [
          '--no-print-directory',
          'k8s-services',
          `ENV=${target.environment}`,
          `CLOUD=${target.cloud}`,
        ],
        {
          cwd: root,
          env: { ...process.env, PATH: `${targetBin}:${process.env.PATH}` },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const written = containerEnvironment(
        buildOverlay({ root, overlay }) as KubernetesObject[],
        spec,
      );
      for (const variable of variables) {
        expect({
          name: variable.name,
          value: written.data[variable.name],
        }).toEqual({
          name: variable.name,
          value: `${variable.output}-value`,
        });
        checked += 1;
      }
      // The application's own settings stay next to them.
      expect(written.data).toMatchObject({
        ENVIRONMENT: target.environment,
        CLOUD: target.cloud,
      });

      // The identity the services trust is the one the pods run as.
      const bound = identityBound({
        root,
        target,
        account: written.account,
        podLabels: written.podLabels,
      });
      expect({ overlay, bound }).toEqual({ overlay, bound: true });
    }
    expect(checked).toBeGreaterThan(0);
  }, 120_000);

  it('refuses to deploy an overlay whose services.env still holds placeholders (make k8s-apply on the committed files)', () => {
    const fresh = mkdtempSync(
      join(tmpdir(), `skyforge-contract-fresh-${key}-`),
    );
    try {
      writeFileTree({ files: renderStack(spec).files, directory: fresh });
      const target = deploymentTargets(spec)[0]!;
      const refused = spawnSync(
        'make',
        [
          '--no-print-directory',
          'k8s-apply',
          `ENV=${target.environment}`,
          `CLOUD=${target.cloud}`,
        ],
        {
          cwd: fresh,
          encoding: 'utf8',
          env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
        },
      );
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toContain(
        `${overlayDirectory(
          target,
        )}/${SERVICES_ENV_FILE} still holds placeholders: run make k8s-services ENV=${
          target.environment
        } CLOUD=${target.cloud} first.`,
      );
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
    // Never a secret value in the contract: every variable names an endpoint, a name or a secret's name.
    for (const cloud of spec.spec.clouds)
      for (const variable of appServiceVariables(spec, cloud))
        expect(variable.name).not.toMatch(/PASSWORD|KEY$|TOKEN|SECRET$/);
  });

  it('names every variable in the README, per cloud, from the same list', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const cloud of spec.spec.clouds)
      for (const variable of appServiceVariables(spec, cloud))
        expect(readme).toContain(`| \`${variable.name}\` |`);
    expect(
      spawnSync('grep', [
        '-c',
        'What the application receives',
        join(root, 'README.md'),
      ])
        .stdout.toString()
        .trim(),
    ).toBe('1');
  });
});
