import { parse } from '@cdktn/hcl2json';
import type { Environment } from '../../spec/profiles';
import { parseStackSpec, type StackSpec } from '../../spec/stackSpec';
import { stackTags } from '../../tags';
import { exampleSpecs } from '../../testing/exampleSpecs';
import type { FileTree } from '../../types';
import { awsCiRoleName } from './awsCiRoleName';
import { renderAwsTerraform } from './renderAwsTerraform';

const awsSmall = parseStackSpec(exampleSpecs['aws-small']);
const awsGpuLarge = parseStackSpec(exampleSpecs['aws-gpu-large']);
const allCloudsGpu = parseStackSpec(exampleSpecs['all-clouds-gpu']);

const small = renderAwsTerraform(awsSmall);
const gpuLarge = renderAwsTerraform(awsGpuLarge);
const allClouds = renderAwsTerraform(allCloudsGpu);

function file(tree: FileTree, filePath: string): string {
  const content = tree[filePath];
  if (content === undefined) throw new Error(`${filePath} was not rendered`);
  return content;
}

async function tfvars(
  tree: FileTree,
  environment: Environment,
): Promise<Record<string, unknown>> {
  const filePath = `infra/envs/${environment}/aws/terraform.tfvars`;
  return (await parse(filePath, file(tree, filePath))) as Record<
    string,
    unknown
  >;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches the line `name = value` whatever the alignment padding. */
function attribute(name: string, value: string): RegExp {
  return new RegExp(`^\\s*${escape(name)}\\s+= ${escape(value)}$`, 'm');
}

function allHcl(tree: FileTree): string {
  return Object.values(tree).join('\n');
}

describe('renderAwsTerraform', () => {
  it('renders modules, one root per environment and the bootstrap, sorted by path', () => {
    const paths = Object.keys(small);
    expect(paths).toEqual([...paths].sort());
    for (const capability of [
      'network',
      'cluster',
      'database',
      'cache',
      'storage',
      'registry',
      'monitoring',
    ]) {
      for (const name of [
        'versions.tf',
        'variables.tf',
        'main.tf',
        'outputs.tf',
      ]) {
        expect(paths).toContain(`infra/modules/${capability}/aws/${name}`);
      }
    }
    for (const environment of ['dev', 'staging', 'prod']) {
      for (const name of [
        'versions.tf',
        'backend.tf',
        'main.tf',
        'variables.tf',
        'outputs.tf',
        'terraform.tfvars',
      ]) {
        expect(paths).toContain(`infra/envs/${environment}/aws/${name}`);
      }
    }
    for (const name of [
      'versions.tf',
      'main.tf',
      'variables.tf',
      'outputs.tf',
      'terraform.tfvars',
    ]) {
      expect(paths).toContain(`infra/bootstrap/aws/${name}`);
    }
    expect(
      paths.every(filePath =>
        /^infra\/(modules\/[a-z-]+|envs\/[a-z]+|bootstrap)\/aws\//.test(
          filePath,
        ),
      ),
    ).toBe(true);
  });

  it('leaves out the modules, module calls and outputs of services that are off', () => {
    expect(
      Object.keys(gpuLarge).some(filePath =>
        filePath.startsWith('infra/modules/database/'),
      ),
    ).toBe(false);
    expect(file(gpuLarge, 'infra/envs/prod/aws/main.tf')).not.toContain(
      'module "database"',
    );
    expect(file(gpuLarge, 'infra/envs/prod/aws/outputs.tf')).not.toContain(
      'database_endpoint',
    );
    expect(file(gpuLarge, 'infra/modules/cluster/aws/main.tf')).not.toContain(
      'rds-db:connect',
    );
    expect(
      Object.keys(gpuLarge).filter(filePath =>
        filePath.startsWith('infra/envs/'),
      ),
    ).toHaveLength(14);
  });

  it('is deterministic', () => {
    expect(
      renderAwsTerraform(parseStackSpec(exampleSpecs['aws-small'])),
    ).toEqual(small);
    expect(JSON.stringify(renderAwsTerraform(allCloudsGpu))).toBe(
      JSON.stringify(allClouds),
    );
  });

  it('refuses a stack without AWS', () => {
    expect(() =>
      renderAwsTerraform(parseStackSpec(exampleSpecs['gcp-medium'])),
    ).toThrow(/aws/);
  });

  it('leaves node sizing to the EKS Auto Mode node pools: no node groups, launch templates or autoscaler roles', async () => {
    for (const tree of [small, gpuLarge, allClouds]) {
      const text = allHcl(tree);
      for (const gone of [
        'aws_eks_node_group',
        'aws_launch_template',
        'aws_autoscaling_group_tag',
        'cluster-autoscaler',
        'aws-load-balancer-controller',
        'ebs-csi-controller-sa',
        'AL2023_x86_64_NVIDIA',
      ])
        expect(text).not.toContain(gone);
    }
    const values = await tfvars(allClouds, 'prod');
    expect(
      Object.keys(values).filter(key => /instance_types|_size$|gpu/.test(key)),
    ).toEqual([]);
  });

  it('uses one NAT gateway per zone in prod and a single one elsewhere', async () => {
    expect((await tfvars(small, 'dev')).nat_per_zone).toBe(false);
    expect((await tfvars(small, 'staging')).nat_per_zone).toBe(false);
    expect((await tfvars(small, 'prod')).nat_per_zone).toBe(true);
    const network = file(small, 'infra/modules/network/aws/main.tf');
    expect(network).toMatch(
      attribute(
        'nat_gateway_count',
        'var.nat_per_zone ? length(local.azs) : 1',
      ),
    );
    expect(network).toMatch(
      /resource "aws_nat_gateway" "this" \{\n {2}count = local\.nat_gateway_count/,
    );
    expect(network).toMatch(
      attribute(
        'nat_gateway_id',
        'aws_nat_gateway.this[var.nat_per_zone ? count.index : 0].id',
      ),
    );
  });

  it('puts the attribution tags on everything through default_tags', async () => {
    for (const [spec, tree] of [
      [awsSmall, small],
      [allCloudsGpu, allClouds],
    ] as Array<[StackSpec, FileTree]>) {
      for (const environment of spec.spec.environments) {
        const folder = `infra/envs/${environment}/aws`;
        expect(file(tree, `${folder}/versions.tf`)).toMatch(
          /default_tags \{\n\s+tags = local\.tags\n/,
        );
        const main = (await parse(
          'main.tf',
          file(tree, `${folder}/main.tf`),
        )) as {
          locals: Array<{ tags: Record<string, string> }>;
        };
        expect(main.locals[0].tags).toEqual(stackTags({ spec, environment }));
      }
    }
    // Auto Mode may put the node class and Ingress tags on what it creates for this cluster only.
    const cluster = file(small, 'infra/modules/cluster/aws/main.tf');
    expect(cluster).toContain(
      'resource "aws_iam_role_policy" "cluster_tagging"',
    );
    expect(cluster).toContain(
      'values   = ["$${aws:PrincipalTag/eks:eks-cluster-name}"]',
    );
  });

  it('runs the database and cache highly available in prod only', async () => {
    expect((await tfvars(small, 'dev')).high_availability).toBe(false);
    expect((await tfvars(small, 'staging')).high_availability).toBe(false);
    expect((await tfvars(small, 'prod')).high_availability).toBe(true);
    expect(file(small, 'infra/envs/prod/aws/main.tf')).toMatch(
      attribute('multi_az', 'var.high_availability'),
    );
    const database = file(small, 'infra/modules/database/aws/main.tf');
    expect(database).toMatch(attribute('multi_az', 'var.multi_az'));
    const cache = file(small, 'infra/modules/cache/aws/main.tf');
    expect(cache).toMatch(
      attribute('num_cache_clusters', 'var.high_availability ? 2 : 1'),
    );
    expect(cache).toMatch(
      attribute('automatic_failover_enabled', 'var.high_availability'),
    );
    expect(cache).toMatch(
      attribute('multi_az_enabled', 'var.high_availability'),
    );
    expect((await tfvars(small, 'prod')).deletion_protection).toBe(true);
    expect((await tfvars(small, 'dev')).deletion_protection).toBe(false);
  });

  it('writes no secrets: managed master password, IAM auth, no password or token literals', () => {
    for (const tree of [small, gpuLarge, allClouds]) {
      const text = allHcl(tree);
      expect(text).not.toMatch(
        /\b(password|passwords|auth_token|secret_key|access_key)\s*=\s*["[]/,
      );
      expect(text).not.toMatch(/AKIA[0-9A-Z]{16}/);
    }
    const database = file(small, 'infra/modules/database/aws/main.tf');
    expect(database).toMatch(attribute('manage_master_user_password', 'true'));
    expect(database).toMatch(
      attribute('iam_database_authentication_enabled', 'true'),
    );
    expect(database).toMatch(attribute('publicly_accessible', 'false'));
    expect(database).toMatch(attribute('storage_encrypted', 'true'));
    expect(database).toMatch(attribute('name', '"rds.force_ssl"'));
    const cache = file(small, 'infra/modules/cache/aws/main.tf');
    expect(cache).toMatch(/authentication_mode \{\n\s+type = "iam"/);
    expect(cache).toMatch(attribute('transit_encryption_enabled', 'true'));
  });

  it('locks down the cluster: private endpoint, KMS secrets, all logs, API access entries, IMDSv2', async () => {
    const cluster = file(small, 'infra/modules/cluster/aws/main.tf');
    expect(cluster).toMatch(attribute('endpoint_private_access', 'true'));
    expect(cluster).toMatch(
      attribute(
        'endpoint_public_access',
        'length(var.public_access_cidrs) > 0',
      ),
    );
    expect(cluster).toMatch(
      attribute(
        'enabled_cluster_log_types',
        '["api", "audit", "authenticator", "controllerManager", "scheduler"]',
      ),
    );
    expect(cluster).toMatch(attribute('authentication_mode', '"API"'));
    expect(cluster).toMatch(
      attribute('bootstrap_cluster_creator_admin_permissions', 'false'),
    );
    expect(cluster).toMatch(
      /encryption_config \{\n\s+resources = \["secrets"\]/,
    );
    expect(cluster).toMatch(attribute('enable_key_rotation', 'true'));
    // EKS Auto Mode: compute, load balancing and block storage together, plus metrics-server.
    expect(cluster).toMatch(
      /compute_config \{\n\s+enabled\s+= true\n\s+node_pools\s+= \["general-purpose"\]\n\s+node_role_arn = aws_iam_role\.node\.arn/,
    );
    expect(cluster).toMatch(/elastic_load_balancing \{\n\s+enabled = true/);
    expect(cluster).toMatch(/block_storage \{\n\s+enabled = true/);
    expect(cluster).toMatch(attribute('addon_name', '"metrics-server"'));
    expect(cluster).toMatch(
      attribute(
        'addon_version',
        'data.aws_eks_addon_version.metrics_server.version',
      ),
    );
    expect(cluster).toMatch(attribute('support_type', 'var.support_type'));
    expect((await tfvars(small, 'prod')).support_type).toBe('STANDARD');
    expect((await tfvars(small, 'prod')).kubernetes_version).toBe('1.36');
    expect((await tfvars(small, 'prod')).public_endpoint_cidrs).toEqual([]);
    expect((await tfvars(gpuLarge, 'prod')).public_endpoint_cidrs).toEqual([
      '203.0.113.0/24',
    ]);
  });

  it('binds the application role to the stack namespace and ServiceAccount by Pod Identity', () => {
    const main = file(small, 'infra/envs/dev/aws/main.tf');
    expect(main).toMatch(attribute('app_namespace', '"payments-api"'));
    expect(main).toMatch(attribute('app_service_account', '"payments-api"'));
    const cluster = file(small, 'infra/modules/cluster/aws/main.tf');
    expect(cluster).toMatch(
      /resource "aws_eks_pod_identity_association" "app" \{[^}]*namespace\s+= var\.app_namespace/,
    );
    // Pod logs: the CloudWatch Observability add-on with its own Pod Identity role.
    const monitoring = file(small, 'infra/modules/monitoring/aws/main.tf');
    expect(monitoring).toMatch(
      /pod_identity_association \{\n\s+service_account = "cloudwatch-agent"\n\s+role_arn\s+= aws_iam_role\.cloudwatch_agent\.arn/,
    );
    expect(cluster).toMatch(/actions\s+= \["rds-db:connect"\]/);
    expect(cluster).toMatch(/actions\s+= \["elasticache:Connect"\]/);
    expect(cluster).toMatch(attribute('resources', '["${var.bucket_arn}/*"]'));
  });

  it("sends the database instance's own events to the alerts topic, whose key and policy admit RDS, on EKS and ECS alike", () => {
    const tradingApi = renderAwsTerraform(
      parseStackSpec(exampleSpecs['trading-api']),
    );
    for (const monitoring of [
      file(small, 'infra/modules/monitoring/aws/main.tf'),
      file(tradingApi, 'infra/modules/serverless-monitoring/aws/main.tf'),
    ]) {
      expect(monitoring).toContain(
        'resource "aws_db_event_subscription" "database"',
      );
      expect(monitoring).toMatch(
        attribute('sns_topic', 'aws_sns_topic.alerts.arn'),
      );
      // The key policy's service statement and the topic policy's RDS statement.
      expect(
        monitoring.match(
          /identifiers = \[[^\]]*"events\.rds\.amazonaws\.com"/g,
        ),
      ).toHaveLength(2);
      expect(monitoring).toMatch(attribute('sid', '"DatabaseEvents"'));
      expect(monitoring).toContain('"SwapUsage"');
    }
    // Without a database, neither the subscription nor the grants.
    const withoutDatabase = file(
      gpuLarge,
      'infra/modules/monitoring/aws/main.tf',
    );
    expect(withoutDatabase).not.toContain('aws_db_event_subscription');
    expect(withoutDatabase).not.toContain('events.rds.amazonaws.com');
  });

  it('hands the HTTPS listener the certificate only once ACM has issued it, where a zone validates it', () => {
    // ELB refuses a certificate that is still pending validation (UnsupportedCertificate); the
    // mock provider cannot tell the two ARNs apart, so the wiring is checked here.
    const tradingApi = renderAwsTerraform(
      parseStackSpec(exampleSpecs['trading-api']),
    );
    expect(file(tradingApi, 'infra/modules/ingress/aws/outputs.tf')).toMatch(
      attribute(
        'value',
        'var.route53_zone_id != null ? aws_acm_certificate_validation.this[0].certificate_arn : aws_acm_certificate.this.arn',
      ),
    );
    expect(file(tradingApi, 'infra/envs/prod/aws/main.tf')).toMatch(
      attribute('certificate_arn', 'module.ingress.certificate_arn'),
    );
  });

  it('requests an ACM certificate only for a host with TLS, and points the host at the load balancer from prod', async () => {
    expect(Object.keys(small)).toContain('infra/modules/ingress/aws/main.tf');
    // aws-gpu-large has no host: plain HTTP, no certificate.
    expect(
      Object.keys(gpuLarge).some(filePath =>
        filePath.startsWith('infra/modules/ingress/'),
      ),
    ).toBe(false);
    expect(file(gpuLarge, 'infra/envs/prod/aws/main.tf')).not.toContain(
      'module "ingress"',
    );
    const ingress = file(small, 'infra/modules/ingress/aws/main.tf');
    expect(ingress).toMatch(attribute('validation_method', '"DNS"'));
    expect(ingress).toContain(
      'resource "aws_acm_certificate_validation" "this"',
    );
    expect(ingress).toMatch(attribute('allow_overwrite', 'true'));
    expect((await tfvars(small, 'prod')).create_host_record).toBe(true);
    expect((await tfvars(small, 'dev')).create_host_record).toBe(false);
    expect((await tfvars(small, 'prod')).route53_zone_id).toBeNull();
    const withZone = renderAwsTerraform(
      parseStackSpec({
        ...exampleSpecs['aws-small'],
        spec: {
          ...exampleSpecs['aws-small'].spec,
          app: {
            ...exampleSpecs['aws-small'].spec.app,
            ingress: {
              host: 'payments.example.com',
              route53ZoneId: 'Z0123456789ABC',
            },
          },
        },
      }),
    );
    expect((await tfvars(withZone, 'staging')).route53_zone_id).toBe(
      'Z0123456789ABC',
    );
    expect(file(small, 'infra/envs/prod/aws/outputs.tf')).toContain(
      'output "certificate_arn"',
    );
  });

  it('collects Prometheus metrics with the AWS managed collector from the private subnets', () => {
    const monitoring = file(small, 'infra/modules/monitoring/aws/main.tf');
    expect(monitoring).toContain('resource "aws_prometheus_scraper" "this"');
    expect(monitoring).toMatch(attribute('cluster_arn', 'var.cluster_arn'));
    expect(monitoring).toMatch(
      attribute('workspace_arn', 'aws_prometheus_workspace.this.arn'),
    );
    expect(monitoring).not.toContain('aps:RemoteWrite');
    expect(file(small, 'infra/envs/prod/aws/main.tf')).toMatch(
      attribute('cluster_arn', 'module.cluster.cluster_arn'),
    );
  });

  it('places nodes and the control plane in the tagged private subnets and keeps names unique', () => {
    const network = file(small, 'infra/modules/network/aws/main.tf');
    expect(network).toMatch(attribute('"karpenter.sh/discovery"', 'var.name'));
    expect(network).not.toContain('intra');
    expect(file(small, 'infra/envs/prod/aws/main.tf')).toMatch(
      attribute('subnet_ids', 'module.network.private_subnet_ids'),
    );
    for (const capability of ['database', 'cache']) {
      const main = file(small, `infra/modules/${capability}/aws/main.tf`);
      expect(main).toContain(
        'final_snapshot_identifier = "${var.name}-final-${formatdate("YYYYMMDDhhmmss", timestamp())}"',
      );
      expect(main).toMatch(
        attribute('ignore_changes', '[final_snapshot_identifier]'),
      );
    }
    // Only untagged images expire: a count rule could delete what prod runs.
    const registry = file(small, 'infra/modules/registry/aws/main.tf');
    expect(registry).toMatch(attribute('tag_status', '"untagged"'));
    expect(registry).not.toMatch(/tag_status\s+= "any"/);
  });

  it('carries a terraform test of the day-1 chain in every root', () => {
    for (const environment of ['dev', 'staging', 'prod']) {
      const tests = file(
        small,
        `infra/envs/${environment}/aws/tests/day1.tftest.hcl`,
      );
      expect(tests).toContain('mock_provider "aws"');
      for (const run of [
        'environment',
        'network',
        'cluster',
        'monitoring',
        'certificate',
        'certificate_without_zone',
        'host_record',
      ])
        expect(tests).toContain(`run "${run}" {`);
    }
    // No host on aws-gpu-large: no certificate runs; the public endpoint is expected.
    const gpuTests = file(
      gpuLarge,
      'infra/envs/prod/aws/tests/day1.tftest.hcl',
    );
    expect(gpuTests).not.toContain('run "certificate"');
    expect(gpuTests).toContain('endpoint_public_access');
    expect(
      file(small, 'infra/bootstrap/aws/tests/bootstrap.tftest.hcl'),
    ).toMatch(attribute('command', 'plan'));
  });

  it('locks down the bucket: public access block, KMS, versioning, TLS only, no ACLs', () => {
    const storage = file(small, 'infra/modules/storage/aws/main.tf');
    for (const flag of [
      'block_public_acls',
      'block_public_policy',
      'ignore_public_acls',
      'restrict_public_buckets',
    ]) {
      expect(storage.match(new RegExp(`${flag}\\s+= true`, 'g'))).toHaveLength(
        2,
      );
    }
    expect(storage).toMatch(attribute('sse_algorithm', '"aws:kms"'));
    expect(storage).toMatch(attribute('bucket_key_enabled', 'true'));
    expect(
      storage.match(/status = "Enabled"\n/g)?.length,
    ).toBeGreaterThanOrEqual(2);
    expect(storage.match(/variable = "aws:SecureTransport"/g)).toHaveLength(2);
    expect(
      storage.match(/object_ownership = "BucketOwnerEnforced"/g),
    ).toHaveLength(2);
    expect(storage).toContain('resource "aws_s3_bucket_logging" "this"');
  });

  it('writes the backend and outputs of the contract', () => {
    const backend = file(small, 'infra/envs/staging/aws/backend.tf');
    expect(backend).toMatch(
      attribute('key', '"staging/aws/terraform.tfstate"'),
    );
    expect(backend).toMatch(attribute('region', '"us-east-1"'));
    expect(backend).toMatch(attribute('encrypt', 'true'));
    expect(backend).toMatch(attribute('use_lockfile', 'true'));
    const backendBlock = backend.slice(backend.indexOf('terraform {'));
    expect(backendBlock).not.toMatch(/dynamodb|bucket\s*=/);
    const outputs = file(small, 'infra/envs/prod/aws/outputs.tf');
    for (const output of [
      'cluster_name',
      'region',
      'database_endpoint',
      'cache_endpoint',
      'bucket_name',
      'registry_url',
      'app_role_arn',
    ]) {
      expect(outputs).toContain(`output "${output}"`);
    }
    const versions = file(small, 'infra/envs/prod/aws/versions.tf');
    expect(versions).toMatch(attribute('required_version', '">= 1.10"'));
    expect(versions).toMatch(attribute('version', '"5.100.0"'));
    expect(file(small, 'infra/envs/prod/aws/main.tf')).toMatch(
      attribute('source', '"../../../modules/cluster/aws"'),
    );
  });

  it('bootstraps state and CI roles trusted by immutable GitHub subject claims', () => {
    const main = file(small, 'infra/bootstrap/aws/main.tf');
    expect(main).toContain(
      '"repo:${var.github_owner}-${var.github_owner_id}/${var.github_repository}-${var.github_repository_id}"',
    );
    expect(main).toMatch(
      attribute(
        'values',
        '["${local.github_subject}:environment:${each.value}"]',
      ),
    );
    // The read-only plan role: pull requests, and main's plans before each approval.
    expect(main).toContain(
      '"${local.github_subject}:pull_request",\n        "${local.github_subject}:ref:refs/heads/main",\n',
    );
    expect(main).toContain('policy/job-function/ViewOnlyAccess');
    expect(main).not.toContain('policy/ReadOnlyAccess');
    expect(main).toMatch(
      attribute(
        'permissions_boundary',
        'aws_iam_policy.deploy_boundary[each.value].arn',
      ),
    );
    expect(main).toMatch(
      attribute('environments', '["dev", "staging", "prod"]'),
    );
    expect(main).toMatch(
      attribute('name', '"${local.name}-github-${each.value}"'),
    );
    expect(main).toMatch(attribute('name', '"payments-api"'));
    // State locking is S3's lock file: no DynamoDB lock table (the plan role only denies DynamoDB reads).
    expect(main).not.toContain('aws_dynamodb_table');
    expect(main).toMatch(
      attribute(
        'policy_arn',
        '"arn:${data.aws_partition.current.partition}:iam::aws:policy/job-function/ViewOnlyAccess"',
      ),
    );
    // The environment roots look the CI role up by the same name the bootstrap creates.
    expect(file(small, 'infra/envs/prod/aws/main.tf')).toContain(
      `name = "${awsCiRoleName({
        name: 'payments-api',
        environment: 'prod',
      })}"`,
    );
    const variables = file(small, 'infra/bootstrap/aws/variables.tf');
    for (const variable of [
      'github_owner',
      'github_owner_id',
      'github_repository',
      'github_repository_id',
    ]) {
      expect(variables).toMatch(
        new RegExp(`variable "${variable}" \\{[^]*?validation \\{`),
      );
    }
    const outputs = file(small, 'infra/bootstrap/aws/outputs.tf');
    expect(outputs).toContain('output "aws_role_arn"');
    expect(outputs).toContain('output "tf_state_bucket"');
  });

  it('logs access to the state bucket into an SSE-S3 log bucket only S3 logging may write to', async () => {
    const filePath = 'infra/bootstrap/aws/main.tf';
    const main = file(small, filePath);
    const parsed = (await parse(filePath, main)) as {
      resource: Record<string, Record<string, Array<Record<string, unknown>>>>;
    };
    expect(parsed.resource.aws_s3_bucket_logging.state).toEqual([
      expect.objectContaining({
        bucket: '${aws_s3_bucket.state.id}',
        target_bucket: '${aws_s3_bucket.access_logs.id}',
      }),
    ]);
    // The log bucket does not log itself, and S3 delivers access logs only to SSE-S3 buckets.
    expect(Object.keys(parsed.resource.aws_s3_bucket_logging)).toEqual([
      'state',
    ]);
    const encryption = main.slice(
      main.indexOf(
        'resource "aws_s3_bucket_server_side_encryption_configuration" "access_logs"',
      ),
    );
    expect(encryption).toMatch(attribute('sse_algorithm', '"AES256"'));
    for (const companion of [
      'aws_s3_bucket_public_access_block',
      'aws_s3_bucket_ownership_controls',
      'aws_s3_bucket_versioning',
      'aws_s3_bucket_lifecycle_configuration',
      'aws_s3_bucket_policy',
    ]) {
      expect(parsed.resource[companion]).toHaveProperty('access_logs');
    }
    expect(main).toMatch(
      attribute('identifiers', '["logging.s3.amazonaws.com"]'),
    );
    expect(main).toMatch(attribute('values', '[aws_s3_bucket.state.arn]'));
  });
});
