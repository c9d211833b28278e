import {
  breakSnippet,
  itChecksEveryRule,
  RuleCase,
  violationsOf,
} from '../ruleTesting';

const eks = `
resource "aws_eks_cluster" "this" {
  name                      = "payments"
  role_arn                  = aws_iam_role.cluster.arn
  enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]

  vpc_config {
    subnet_ids              = var.subnet_ids
    endpoint_private_access = true
    endpoint_public_access  = false
  }

  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = aws_kms_key.this.arn
    }
  }
}

resource "aws_eks_node_group" "system" {
  cluster_name  = aws_eks_cluster.this.name
  node_role_arn = aws_iam_role.node.arn
  subnet_ids    = var.subnet_ids

  scaling_config {
    desired_size = 2
    max_size     = 3
    min_size     = 2
  }
}

resource "aws_launch_template" "nodes" {
  name = "nodes"

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
}
`;

const s3 = `
resource "aws_s3_bucket" "this" {
  bucket = "assets"
}

resource "aws_s3_bucket" "logs" {
  bucket = "assets-logs"
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each                = { this = aws_s3_bucket.this.id, logs = aws_s3_bucket.logs.id }
  bucket                  = each.value
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = { this = aws_s3_bucket.this.id, logs = aws_s3_bucket.logs.id }
  bucket   = each.value
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.this.arn
    }
  }
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = { this = aws_s3_bucket.this.id, logs = aws_s3_bucket.logs.id }
  bucket   = each.value
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = { this = aws_s3_bucket.this.id, logs = aws_s3_bucket.logs.id }
  bucket   = each.value
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_logging" "this" {
  bucket        = aws_s3_bucket.this.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "s3/"
}

resource "aws_s3_bucket_policy" "this" {
  for_each = { this = aws_s3_bucket.this.id, logs = aws_s3_bucket.logs.id }
  bucket   = each.value
  policy   = data.aws_iam_policy_document.tls_only[each.key].json
}

data "aws_iam_policy_document" "tls_only" {
  for_each = toset(["this", "logs"])
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}
`;

const data = `
resource "aws_db_instance" "this" {
  identifier                          = "payments"
  engine                              = "postgres"
  instance_class                      = "db.t4g.medium"
  storage_encrypted                   = true
  kms_key_id                          = aws_kms_key.this.arn
  publicly_accessible                 = false
  deletion_protection                 = var.deletion_protection
  iam_database_authentication_enabled = true
  multi_az                            = var.multi_az
  manage_master_user_password         = true
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id       = "payments"
  description                = "cache"
  at_rest_encryption_enabled = "true"
  transit_encryption_enabled = true
  user_group_ids             = [aws_elasticache_user_group.this.id]
}

resource "aws_ecr_repository" "this" {
  name                 = "payments"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.this.arn
  }
}
`;

const platform = `
resource "aws_kms_key" "this" {
  description         = "payments"
  enable_key_rotation = true
}

resource "aws_vpc" "this" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "this" {
  vpc_id               = aws_vpc.this.id
  traffic_type         = "ALL"
  log_destination_type = "cloud-watch-logs"
  log_destination      = aws_cloudwatch_log_group.flow.arn
}

resource "aws_cloudwatch_log_group" "flow" {
  name              = "/aws/vpc/payments"
  retention_in_days = 90
  kms_key_id        = aws_kms_key.this.arn
}
`;

const msk = `
resource "aws_msk_cluster" "this" {
  cluster_name           = "payments"
  kafka_version          = "3.8.x"
  number_of_broker_nodes = 3

  broker_node_group_info {
    instance_type   = "kafka.m7g.large"
    client_subnets  = var.subnet_ids
    security_groups = [aws_security_group.kafka.id]

    connectivity_info {
      public_access {
        type = "DISABLED"
      }
    }
  }

  client_authentication {
    unauthenticated = false
    sasl {
      iam   = true
      scram = false
    }
  }

  encryption_info {
    encryption_at_rest_kms_key_arn = aws_kms_key.this.arn
    encryption_in_transit {
      client_broker = "TLS"
      in_cluster    = true
    }
  }

  logging_info {
    broker_logs {
      cloudwatch_logs {
        enabled   = true
        log_group = aws_cloudwatch_log_group.flow.name
      }
    }
  }
}
`;

const budget = `
resource "aws_budgets_budget" "stack" {
  name         = "checkout-aws-monthly"
  budget_type  = "COST"
  limit_amount = "5243"
  limit_unit   = "USD"
  time_unit    = "MONTHLY"
  cost_filter {
    name   = "TagKeyValue"
    values = ["user:skyforge-component$checkout"]
  }
}
`;

const serverless = `
resource "aws_s3_bucket" "alb_logs" {
  bucket = "alb-logs"
}

resource "aws_s3_bucket_public_access_block" "alb_logs" {
  bucket                  = aws_s3_bucket.alb_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "alb_logs" {
  bucket = aws_s3_bucket.alb_logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "alb_logs" {
  bucket = aws_s3_bucket.alb_logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_ownership_controls" "alb_logs" {
  bucket = aws_s3_bucket.alb_logs.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "alb_logs" {
  bucket = aws_s3_bucket.alb_logs.id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 90
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

data "aws_iam_policy_document" "alb_logs" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "alb_logs" {
  bucket = aws_s3_bucket.alb_logs.id
  policy = data.aws_iam_policy_document.alb_logs.json
}

resource "aws_lb" "this" {
  name                       = "trading"
  load_balancer_type         = "application"
  drop_invalid_header_fields = true

  access_logs {
    bucket  = aws_s3_bucket.alb_logs.id
    enabled = true
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn
}

resource "aws_ecs_service" "app" {
  name = "trading"

  network_configuration {
    subnets          = var.subnet_ids
    assign_public_ip = false
  }
}
`;

const alarms = `
resource "aws_sns_topic" "alerts" {
  name              = "trading-alerts"
  kms_master_key_id = aws_kms_key.alerts.arn
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "trading-errors"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 5
  threshold           = 5
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
}
`;

const all = [eks, s3, data, platform, msk, budget, serverless, alarms].join(
  '\n',
);

const cases: RuleCase[] = [
  {
    rule: 'CKV_AWS_26',
    broken: 'an alerts topic without a KMS key',
    good: alarms,
    bad: breakSnippet(alarms, 'kms_master_key_id = aws_kms_key.alerts.arn', ''),
  },
  {
    rule: 'SKYFORGE_AWS_ALARM_ACTIONS',
    broken: 'an alarm that notifies nobody',
    good: alarms,
    bad: breakSnippet(
      alarms,
      'alarm_actions       = [aws_sns_topic.alerts.arn]',
      '',
    ),
  },
  {
    rule: 'SKYFORGE_AWS_ALARM_ACTIONS',
    broken: 'an alarm whose actions are switched off',
    good: alarms,
    bad: breakSnippet(
      alarms,
      'alarm_actions       = [aws_sns_topic.alerts.arn]',
      'alarm_actions = [aws_sns_topic.alerts.arn]\n  actions_enabled = false',
    ),
  },
  {
    rule: 'CKV_AWS_131',
    broken: 'invalid headers passed to the targets',
    good: serverless,
    bad: breakSnippet(
      serverless,
      'drop_invalid_header_fields = true',
      'drop_invalid_header_fields = false',
    ),
  },
  {
    rule: 'CKV_AWS_91',
    broken: 'no access logs',
    good: serverless,
    bad: breakSnippet(serverless, 'enabled = true', 'enabled = false'),
  },
  {
    rule: 'CKV_AWS_103',
    broken: 'HTTPS listener on the default policy (TLS 1.0)',
    good: serverless,
    bad: breakSnippet(
      serverless,
      'ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"',
      '',
    ),
  },
  {
    rule: 'CKV_AWS_103',
    broken: 'HTTPS listener allowing TLS 1.0',
    good: serverless,
    bad: breakSnippet(
      serverless,
      'ELBSecurityPolicy-TLS13-1-2-2021-06',
      'ELBSecurityPolicy-2016-08',
    ),
  },
  {
    rule: 'CKV_AWS_333',
    broken: 'tasks with public IPs',
    good: serverless,
    bad: breakSnippet(
      serverless,
      'assign_public_ip = false',
      'assign_public_ip = true',
    ),
  },
  {
    rule: 'CKV_AWS_145',
    broken: 'an AES256 bucket that no load balancer logs to',
    good: serverless,
    bad: breakSnippet(
      serverless,
      'bucket  = aws_s3_bucket.alb_logs.id',
      'bucket  = "elsewhere"',
    ),
  },
  {
    rule: 'CKV_AWS_39',
    broken: 'public endpoint on',
    good: eks,
    bad: breakSnippet(
      eks,
      'endpoint_public_access  = false',
      'endpoint_public_access = true\n    public_access_cidrs = ["203.0.113.0/24"]',
    ),
  },
  {
    rule: 'CKV_AWS_39',
    broken: 'public endpoint by default',
    good: eks,
    bad: breakSnippet(eks, 'endpoint_public_access  = false', ''),
  },
  {
    rule: 'CKV_AWS_38',
    broken: 'public endpoint open to the world',
    good: eks,
    bad: breakSnippet(
      eks,
      'endpoint_public_access  = false',
      'endpoint_public_access = true\n    public_access_cidrs = ["0.0.0.0/0"]',
    ),
  },
  {
    rule: 'CKV_AWS_38',
    broken: 'public endpoint without CIDRs',
    good: breakSnippet(
      eks,
      'endpoint_public_access  = false',
      'endpoint_public_access = true\n    public_access_cidrs = var.admin_cidrs',
    ),
    bad: breakSnippet(
      eks,
      'endpoint_public_access  = false',
      'endpoint_public_access = true',
    ),
  },
  {
    rule: 'CKV_AWS_58',
    broken: 'no secrets encryption',
    good: eks,
    bad: breakSnippet(eks, 'resources = ["secrets"]', 'resources = []'),
  },
  {
    rule: 'CKV_AWS_58',
    broken: 'no encryption_config',
    good: eks,
    bad: eks.replace(/ {2}encryption_config \{[^]*?\n {2}\}\n/, ''),
  },
  {
    rule: 'CKV_AWS_37',
    broken: 'some log types',
    good: eks,
    bad: breakSnippet(
      eks,
      '["api", "audit", "authenticator", "controllerManager", "scheduler"]',
      '["api", "audit"]',
    ),
  },
  {
    rule: 'CKV_AWS_100',
    broken: 'SSH key without source security groups',
    good: breakSnippet(
      eks,
      'subnet_ids    = var.subnet_ids',
      'subnet_ids = var.subnet_ids\n  remote_access {\n    ec2_ssh_key = "ops"\n    source_security_group_ids = [aws_security_group.bastion.id]\n  }',
    ),
    bad: breakSnippet(
      eks,
      'subnet_ids    = var.subnet_ids',
      'subnet_ids = var.subnet_ids\n  remote_access {\n    ec2_ssh_key = "ops"\n  }',
    ),
  },
  {
    rule: 'CKV_AWS_79',
    broken: 'IMDSv1 allowed',
    good: eks,
    bad: breakSnippet(
      eks,
      'http_tokens                 = "required"',
      'http_tokens = "optional"',
    ),
  },
  {
    rule: 'CKV_AWS_79',
    broken: 'no metadata options',
    good: eks,
    bad: eks.replace(/ {2}metadata_options \{[^]*?\n {2}\}\n/, ''),
  },
  {
    rule: 'CKV_AWS_341',
    broken: 'hop limit 2',
    good: eks,
    bad: breakSnippet(
      eks,
      'http_put_response_hop_limit = 1',
      'http_put_response_hop_limit = 2',
    ),
  },
  {
    rule: 'CKV2_AWS_6',
    broken: 'one flag off',
    good: s3,
    bad: breakSnippet(
      s3,
      'restrict_public_buckets = true',
      'restrict_public_buckets = false',
    ),
  },
  {
    rule: 'CKV2_AWS_6',
    broken: 'no public access block',
    good: s3,
    bad: s3.replace(
      /resource "aws_s3_bucket_public_access_block"[^]*?\n\}\n/,
      '',
    ),
  },
  {
    rule: 'CKV_AWS_145',
    broken: 'AES256 instead of KMS',
    good: s3,
    bad: breakSnippet(
      s3,
      'sse_algorithm     = "aws:kms"',
      'sse_algorithm = "AES256"',
    ),
  },
  {
    rule: 'CKV_AWS_21',
    broken: 'versioning suspended',
    good: s3,
    bad: breakSnippet(s3, 'status = "Enabled"', 'status = "Suspended"'),
  },
  {
    rule: 'CKV_AWS_18',
    broken: 'no access logging',
    good: s3,
    bad: breakSnippet(
      s3,
      'bucket        = aws_s3_bucket.this.id\n  target_bucket',
      'bucket = aws_s3_bucket.logs.id\n  target_bucket',
    ),
  },
  {
    rule: 'CKV_AWS_379',
    broken: 'policy allows plain HTTP',
    good: s3,
    bad: breakSnippet(s3, 'effect    = "Deny"', 'effect = "Allow"'),
  },
  {
    rule: 'CKV_AWS_379',
    broken: 'no bucket policy',
    good: s3,
    bad: s3.replace(/resource "aws_s3_bucket_policy"[^]*?\n\}\n/, ''),
  },
  {
    rule: 'CKV2_AWS_65',
    broken: 'ACLs enabled',
    good: s3,
    bad: breakSnippet(s3, '"BucketOwnerEnforced"', '"ObjectWriter"'),
  },
  {
    rule: 'CKV_AWS_16',
    broken: 'unencrypted database',
    good: data,
    bad: breakSnippet(data, 'storage_encrypted                   = true', ''),
  },
  {
    rule: 'CKV_AWS_17',
    broken: 'public database',
    good: data,
    bad: breakSnippet(
      data,
      'publicly_accessible                 = false',
      'publicly_accessible = true',
    ),
  },
  {
    rule: 'CKV_AWS_293',
    broken: 'deletion protection off',
    good: data,
    bad: breakSnippet(data, 'var.deletion_protection', 'false'),
  },
  {
    rule: 'CKV_AWS_161',
    broken: 'no IAM auth',
    good: data,
    bad: breakSnippet(
      data,
      'iam_database_authentication_enabled = true',
      'iam_database_authentication_enabled = false',
    ),
  },
  {
    rule: 'CKV_AWS_157',
    broken: 'single-AZ',
    good: data,
    bad: breakSnippet(
      data,
      'multi_az                            = var.multi_az',
      '',
    ),
  },
  {
    rule: 'CKV_AWS_29',
    broken: 'cache unencrypted at rest',
    good: data,
    bad: breakSnippet(
      data,
      'at_rest_encryption_enabled = "true"',
      'at_rest_encryption_enabled = "false"',
    ),
  },
  {
    rule: 'CKV_AWS_30',
    broken: 'cache unencrypted in transit',
    good: data,
    bad: breakSnippet(data, 'transit_encryption_enabled = true', ''),
  },
  {
    rule: 'CKV_AWS_31',
    broken: 'cache without auth',
    good: data,
    bad: breakSnippet(
      data,
      'user_group_ids             = [aws_elasticache_user_group.this.id]',
      '',
    ),
  },
  {
    rule: 'CKV_AWS_51',
    broken: 'mutable tags',
    good: data,
    bad: breakSnippet(
      data,
      'image_tag_mutability = "IMMUTABLE"',
      'image_tag_mutability = "MUTABLE"',
    ),
  },
  {
    rule: 'CKV_AWS_163',
    broken: 'no scan on push',
    good: data,
    bad: breakSnippet(data, 'scan_on_push = true', 'scan_on_push = false'),
  },
  {
    rule: 'CKV_AWS_136',
    broken: 'AES256 registry',
    good: data,
    bad: breakSnippet(
      data,
      'encryption_type = "KMS"',
      'encryption_type = "AES256"',
    ),
  },
  {
    rule: 'CKV_AWS_7',
    broken: 'no key rotation',
    good: platform,
    bad: breakSnippet(
      platform,
      'enable_key_rotation = true',
      'enable_key_rotation = false',
    ),
  },
  {
    rule: 'CKV2_AWS_11',
    broken: 'no flow log',
    good: platform,
    bad: platform.replace(/resource "aws_flow_log"[^]*?\n\}\n/, ''),
  },
  {
    rule: 'CKV_AWS_158',
    broken: 'log group without KMS',
    good: platform,
    bad: breakSnippet(platform, 'kms_key_id        = aws_kms_key.this.arn', ''),
  },
  {
    rule: 'CKV_AWS_66',
    broken: 'logs kept forever',
    good: platform,
    bad: breakSnippet(
      platform,
      'retention_in_days = 90',
      'retention_in_days = 0',
    ),
  },
  {
    rule: 'CKV_AWS_81',
    broken: 'plaintext to clients allowed',
    good: msk,
    bad: breakSnippet(
      msk,
      'client_broker = "TLS"',
      'client_broker = "TLS_PLAINTEXT"',
    ),
  },
  {
    rule: 'CKV_AWS_81',
    broken: 'no encryption between brokers',
    good: msk,
    bad: breakSnippet(msk, 'in_cluster    = true', 'in_cluster = false'),
  },
  {
    rule: 'SKYFORGE_AWS_MSK_CUSTOMER_KEY',
    broken: 'AWS managed key at rest',
    good: msk,
    bad: breakSnippet(
      msk,
      'encryption_at_rest_kms_key_arn = aws_kms_key.this.arn',
      '',
    ),
  },
  {
    rule: 'SKYFORGE_AWS_MSK_IAM_ONLY',
    broken: 'unauthenticated access on',
    good: msk,
    bad: breakSnippet(msk, 'unauthenticated = false', 'unauthenticated = true'),
  },
  {
    rule: 'SKYFORGE_AWS_MSK_IAM_ONLY',
    broken: 'SCRAM passwords on',
    good: msk,
    bad: breakSnippet(msk, 'scram = false', 'scram = true'),
  },
  {
    rule: 'SKYFORGE_AWS_MSK_IAM_ONLY',
    broken: 'no client authentication at all',
    good: msk,
    bad: msk.replace(/ {2}client_authentication \{[^]*?\n {2}\}\n/, ''),
  },
  {
    rule: 'CKV_AWS_80',
    broken: 'broker logs off',
    good: msk,
    bad: breakSnippet(msk, 'enabled   = true', 'enabled = false'),
  },
  {
    rule: 'CKV_AWS_291',
    broken: 'brokers with public IPs',
    good: msk,
    bad: breakSnippet(
      msk,
      'type = "DISABLED"',
      'type = "SERVICE_PROVIDED_EIPS"',
    ),
  },
  {
    rule: 'SKYFORGE_AWS_BUDGET_ATTRIBUTION',
    broken: 'budget filtered by another tag',
    good: budget,
    bad: breakSnippet(
      budget,
      'user:skyforge-component$checkout',
      'user:team$payments',
    ),
  },
  {
    rule: 'SKYFORGE_AWS_BUDGET_ATTRIBUTION',
    broken: 'budget over the whole account',
    good: budget,
    bad: budget.replace(/ {2}cost_filter \{[^]*?\n {2}\}\n/, ''),
  },
];

describe('AWS rules', () => {
  itChecksEveryRule({ cloud: 'aws', label: 'AWS', baseline: all, cases });

  it('matches companion resources to their own bucket', async () => {
    // The versioning resource belongs to the logs bucket only, so the assets bucket fails.
    const hcl = `
resource "aws_s3_bucket" "assets" {
  bucket = "a"
}
resource "aws_s3_bucket" "assets_logs" {
  bucket = "b"
}
resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.assets_logs.id
  versioning_configuration {
    status = "Enabled"
  }
}
`;
    const versioning = (await violationsOf(hcl)).filter(
      violation => violation.ruleId === 'CKV_AWS_21',
    );
    expect(versioning.map(violation => violation.address)).toEqual([
      'aws_s3_bucket.assets',
    ]);
    expect(versioning[0].message).toBe(
      'no aws_s3_bucket_versioning refers to aws_s3_bucket.assets',
    );
  });

  it('follows for_each to attach companions to buckets', async () => {
    const hcl = `
resource "aws_s3_bucket" "assets" {
  bucket = "a"
}
resource "aws_s3_bucket" "logs" {
  bucket = "b"
}
resource "aws_s3_bucket_versioning" "this" {
  for_each = { logs = aws_s3_bucket.logs.id }
  bucket   = each.value
  versioning_configuration {
    status = "Enabled"
  }
}
`;
    const versioning = (await violationsOf(hcl)).filter(
      violation => violation.ruleId === 'CKV_AWS_21',
    );
    expect(versioning.map(violation => violation.address)).toEqual([
      'aws_s3_bucket.assets',
    ]);
  });

  it('treats a companion attached through a variable as unknown (passes)', async () => {
    const hcl = `
resource "aws_s3_bucket" "assets" {
  bucket = "a"
}
resource "aws_s3_bucket_versioning" "this" {
  bucket = var.bucket_id
  versioning_configuration {
    status = "Enabled"
  }
}
`;
    const ids = (await violationsOf(hcl)).map(violation => violation.ruleId);
    expect(ids).not.toContain('CKV_AWS_21');
  });

  it('lets the access-log target bucket use SSE-S3, which S3 log delivery requires', async () => {
    const violations = await violationsOf(
      breakSnippet(
        s3,
        'sse_algorithm     = "aws:kms"',
        'sse_algorithm = "AES256"',
      ),
    );
    expect(
      violations
        .filter(violation => violation.ruleId === 'CKV_AWS_145')
        .map(violation => violation.address),
    ).toEqual(['aws_s3_bucket.this']);
  });

  it('reports the file, address, rule and reason', async () => {
    const violations = await violationsOf(
      breakSnippet(
        data,
        'publicly_accessible                 = false',
        'publicly_accessible = true',
      ),
    );
    expect(violations).toEqual([
      {
        ruleId: 'CKV_AWS_17',
        title: 'RDS not publicly accessible',
        cloud: 'aws',
        file: 'main.tf',
        address: 'aws_db_instance.this',
        message: 'publicly_accessible is true; expected false',
      },
    ]);
  });
});
