import type { HclJsonBody, TerraformRule } from '../../types';
import {
  blocks,
  expectFalse,
  expectOneOf,
  expectTrue,
  isExpression,
  lookup,
  OPEN_CIDRS,
  strings,
} from '../ruleHelpers';

/** Members that make a resource public. */
const PUBLIC_MEMBERS = ['allUsers', 'allAuthenticatedUsers'];

/** An IAM member/binding resource must not grant access to everyone. */
function publicMemberFailure(body: HclJsonBody): string | undefined {
  const members = strings(body.member ?? body.members);
  const open = members.find(member => PUBLIC_MEMBERS.includes(member));
  return open
    ? `grants ${String(body.role ?? 'a role')} to ${open}`
    : undefined;
}

/** Cloud SQL, Memorystore, Cloud Storage, Artifact Registry and Managed Kafka. */
export const GCP_DATA_RULES: readonly TerraformRule[] = [
  {
    id: 'CKV_GCP_60',
    title: 'Cloud SQL has no public IP',
    cloud: 'gcp',
    resourceTypes: ['google_sql_database_instance'],
    check: ({ resource }) =>
      expectFalse(
        resource.body,
        'settings.ip_configuration.ipv4_enabled',
        true,
      ),
  },
  {
    id: 'CKV_GCP_11',
    title: 'Cloud SQL not open to the world',
    cloud: 'gcp',
    resourceTypes: ['google_sql_database_instance'],
    check: ({ resource }) => {
      const [settings] = blocks(resource.body, 'settings');
      const [ip] = blocks(settings, 'ip_configuration');
      const open = blocks(ip, 'authorized_networks').find(
        network =>
          typeof network.value === 'string' &&
          OPEN_CIDRS.includes(network.value),
      );
      return open
        ? `settings.ip_configuration.authorized_networks admits ${String(
            open.value,
          )}`
        : undefined;
    },
  },
  {
    id: 'CKV_GCP_6',
    title: 'Cloud SQL requires SSL',
    cloud: 'gcp',
    resourceTypes: ['google_sql_database_instance'],
    check: ({ resource }) =>
      expectOneOf(
        resource.body,
        'settings.ip_configuration.ssl_mode',
        ['ENCRYPTED_ONLY', 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED'],
        'ALLOW_UNENCRYPTED_AND_ENCRYPTED',
      ),
  },
  {
    id: 'CKV_GCP_14',
    title: 'Cloud SQL backups on',
    cloud: 'gcp',
    resourceTypes: ['google_sql_database_instance'],
    check: ({ resource }) =>
      expectTrue(resource.body, 'settings.backup_configuration.enabled', false),
  },
  {
    id: 'CKV_GCP_95',
    title: 'Memorystore AUTH enabled',
    cloud: 'gcp',
    resourceTypes: ['google_redis_instance'],
    check: ({ resource }) => expectTrue(resource.body, 'auth_enabled', false),
  },
  {
    id: 'CKV_GCP_97',
    title: 'Memorystore in-transit encryption',
    cloud: 'gcp',
    resourceTypes: ['google_redis_instance'],
    check: ({ resource }) =>
      expectOneOf(
        resource.body,
        'transit_encryption_mode',
        ['SERVER_AUTHENTICATION'],
        'DISABLED',
      ),
  },
  {
    id: 'CKV_GCP_29',
    title: 'GCS uniform bucket-level access',
    cloud: 'gcp',
    resourceTypes: ['google_storage_bucket'],
    check: ({ resource }) =>
      expectTrue(resource.body, 'uniform_bucket_level_access', false),
  },
  {
    id: 'CKV_GCP_114',
    title: 'GCS public access prevention enforced',
    cloud: 'gcp',
    resourceTypes: ['google_storage_bucket'],
    check: ({ resource }) =>
      expectOneOf(
        resource.body,
        'public_access_prevention',
        ['enforced'],
        'inherited',
      ),
  },
  {
    id: 'CKV_GCP_28',
    title: 'GCS bucket not readable by everyone',
    cloud: 'gcp',
    resourceTypes: [
      'google_storage_bucket_iam_member',
      'google_storage_bucket_iam_binding',
    ],
    check: ({ resource }) => publicMemberFailure(resource.body),
  },
  {
    id: 'CKV_GCP_101',
    title: 'Artifact Registry repository not public',
    cloud: 'gcp',
    resourceTypes: [
      'google_artifact_registry_repository_iam_member',
      'google_artifact_registry_repository_iam_binding',
    ],
    check: ({ resource }) => publicMemberFailure(resource.body),
  },
  {
    // The GCP counterpart of CKV_AWS_51 (Checkov has no Artifact Registry tag check): a tag that
    // can be moved lets a push change what a deployed version runs.
    id: 'SKYFORGE_GCP_ARTIFACT_REGISTRY_IMMUTABLE_TAGS',
    title: 'Artifact Registry Docker tags immutable',
    cloud: 'gcp',
    resourceTypes: ['google_artifact_registry_repository'],
    // A remote repository mirrors its upstream's tags; it takes no pushes, so nothing moves them here.
    check: ({ resource }) =>
      resource.body.format === 'DOCKER' &&
      resource.body.mode !== 'REMOTE_REPOSITORY'
        ? expectTrue(resource.body, 'docker_config.immutable_tags', false)
        : undefined,
  },
  {
    id: 'SKYFORGE_GCP_CLOUD_SQL_PGAUDIT',
    title: 'Cloud SQL for PostgreSQL turns pgAudit on (review minor 31)',
    cloud: 'gcp',
    resourceTypes: ['google_sql_database_instance'],
    check: ({ resource }) => {
      const version = lookup(resource.body, 'database_version');
      if (
        version.state === 'value' &&
        !String(version.value).startsWith('POSTGRES')
      )
        return undefined;
      const settings = blocks(resource.body, 'settings')[0];
      if (!settings) return undefined;
      const dynamic = settings.dynamic as Record<string, unknown> | undefined;
      if (dynamic && 'database_flags' in dynamic) return undefined;
      const on = blocks(settings, 'database_flags').some(
        flag =>
          flag.name === 'cloudsql.enable_pgaudit' &&
          (flag.value === 'on' || isExpression(flag.value)),
      );
      return on
        ? undefined
        : 'database flag cloudsql.enable_pgaudit is not "on": DDL and role changes are not audited';
    },
  },
  {
    id: 'SKYFORGE_GCP_KAFKA_ACL_NOT_EVERYONE',
    title: 'Managed Kafka ACLs allow named principals only (never User:*)',
    cloud: 'gcp',
    resourceTypes: ['google_managed_kafka_acl'],
    check: ({ resource }) => {
      const open = blocks(resource.body, 'acl_entries').find(
        entry =>
          entry.principal === 'User:*' &&
          (entry.permission_type ?? 'ALLOW') === 'ALLOW',
      );
      return open
        ? `acl_entries allows ${String(
            open.operation,
          )} to User:*, every principal the cluster admits`
        : undefined;
    },
  },
  {
    id: 'SKYFORGE_GCP_KAFKA_CLIENT_NOT_PUBLIC',
    title: 'Managed Kafka roles not granted to everyone',
    cloud: 'gcp',
    resourceTypes: ['google_project_iam_member'],
    check: ({ resource }) =>
      String(resource.body.role ?? '').startsWith('roles/managedkafka.')
        ? publicMemberFailure(resource.body)
        : undefined,
  },
];
