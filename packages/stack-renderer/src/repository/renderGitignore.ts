import { kubernetesTargets } from '../spec/deploymentTargets';
import type { StackSpec } from '../spec/stackSpec';

/**
 * `.gitignore`: Terraform working files, local state and plan files. The Azure overlays'
 * `workload-identity.env` is deliberately not ignored: the overlay must build (validate workflow)
 * before `make k8s-identity` fills in the real client ID at deploy time.
 */
export function renderGitignore(spec: StackSpec): string {
  return [
    '# Terraform working directories, plans and local state (state lives in the remote backend).',
    '# .terraform.lock.hcl is not rendered: commit the one `terraform providers lock -platform=linux_amd64',
    '# -platform=darwin_arm64` writes in each root, so every run uses the same provider builds.',
    '.terraform/',
    '*.tfplan',
    '*.tfstate',
    '*.tfstate.*',
    'crash.log',
    'crash.*.log',
    '.terraformrc',
    'terraform.rc',
    '',
    kubernetesTargets(spec).length > 0
      ? '# Manifests make k8s-apply built and sent to the cluster, and the EKS tunnel log.'
      : '# What make writes per environment: the image make deploy deploys, the files of make database-user.',
    '.build/',
    '',
    '# Credentials of the local Compose stack (make compose-env writes it from .env.example).',
    'deploy/compose/.env',
    '',
    '# TechDocs build output.',
    'site/',
    '',
  ].join('\n');
}
