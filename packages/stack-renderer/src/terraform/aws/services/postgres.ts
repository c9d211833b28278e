import { attr, expr } from '../../../hcl/hcl';
import {
  AWS_DATABASE_EVENT_CATEGORIES,
  awsDatabaseAlarms,
  awsDatabaseTopicPublisher,
} from '../awsDatabaseAlarms';
import { testAssertion } from '../awsTerraformTests';
import { terraformOutput } from '../../common/terraformOutput';
import { variableRef, type RootVariable } from '../../common/rootVariable';
import { terraformVariable } from '../../common/terraformVariable';
import { databaseCostLines } from '../../../cost/databaseCostLines';
import { plannedDatabase } from '../../../plan/plannedDatabase';
import { awsDatabaseModule } from '../awsDatabaseModule';
import { AWS_ACCOUNT_ID, AWS_PARTITION, AWS_REGION } from '../awsContextData';
import type { AwsService } from '../awsService';
import { dataServiceArguments } from '../dataServiceVariables';
import { policyStatement } from '../policyStatement';

/** PostgreSQL on AWS: RDS with IAM authentication, and its alarms when monitoring is on. */
export const awsPostgres: AwsService = {
  id: 'postgres',
  module: () => awsDatabaseModule(),
  cost: { lines: plan => databaseCostLines(plan, plannedDatabase(plan)) },
  root: ({ spec, resolved }) => {
    const database = plannedDatabase(resolved);
    const instanceClass: RootVariable = {
      name: 'database_instance_class',
      type: 'string',
      description: 'RDS instance class of the PostgreSQL database.',
      value: database.tier,
      validations: [
        {
          condition: 'startswith(var.database_instance_class, "db.")',
          message:
            'database_instance_class must be an RDS instance class such as db.t4g.medium.',
        },
      ],
    };
    const allocatedStorage: RootVariable = {
      name: 'database_allocated_storage',
      type: 'number',
      description: 'Initial database storage in GiB.',
      value: database.storageGb,
      validations: [
        {
          condition: 'var.database_allocated_storage >= 20',
          message: 'database_allocated_storage must be at least 20 GiB.',
        },
      ],
    };
    const databaseName = spec.metadata.name.replace(/-/g, '_');
    return {
      variables: [instanceClass, allocatedStorage],
      arguments: [
        dataServiceArguments(resolved),
        attr('instance_class', variableRef(instanceClass)),
        attr('allocated_storage', variableRef(allocatedStorage)),
        attr('multi_az', expr('var.high_availability')),
        attr('deletion_protection', expr('var.deletion_protection')),
        attr('backup_retention_days', expr('var.backup_retention_days')),
        attr('log_retention_days', expr('var.log_retention_days')),
        attr('database_name', databaseName),
        attr('app_user', databaseName),
      ],
      outputs: [
        terraformOutput({
          name: 'database_endpoint',
          description: 'Host name of the PostgreSQL database.',
          value: 'module.database.endpoint',
        }),
        terraformOutput({
          name: 'database_name',
          description: 'Database of the application.',
          value: 'module.database.database_name',
        }),
        terraformOutput({
          name: 'database_admin_secret_arn',
          description:
            'Secrets Manager secret of the master credentials, which make database-user reads to create the application role.',
          value: 'module.database.master_user_secret_arn',
        }),
        terraformOutput({
          name: 'database_user',
          description: 'IAM-authenticated database user of the application.',
          value: 'module.database.app_user',
        }),
      ],
    };
  },
  appAccess: {
    position: 1,
    variables: [
      terraformVariable({
        name: 'database_resource_id',
        type: 'string',
        description: 'Resource ID of the RDS instance (for rds-db:connect).',
      }),
      terraformVariable({
        name: 'database_user',
        type: 'string',
        description:
          'Database user the application signs in as with IAM authentication.',
      }),
    ],
    statements: [
      policyStatement({
        sid: 'ConnectToDatabase',
        actions: ['rds-db:connect'],
        resources: [
          expr(
            `"arn:\${${AWS_PARTITION}}:rds-db:\${${AWS_REGION}}:\${${AWS_ACCOUNT_ID}}:dbuser:\${var.database_resource_id}/\${var.database_user}"`,
          ),
        ],
      }),
    ],
    arguments: [
      attr('database_resource_id', expr('module.database.resource_id')),
      attr('database_user', expr('module.database.app_user')),
    ],
    testValues: () => ({
      database_resource_id: 'db-MOCK',
      database_user: 'app',
    }),
  },
  monitoring: {
    variables: [
      terraformVariable({
        name: 'database_identifier',
        type: 'string',
        description: 'RDS instance watched by the CloudWatch alarms.',
      }),
    ],
    resources: awsDatabaseAlarms(),
    arguments: [
      attr('database_identifier', expr('module.database.identifier')),
    ],
    testValues: { database_identifier: expr('run.environment.cluster_name') },
    topicPublisher: awsDatabaseTopicPublisher(),
    assertions: [
      testAssertion(
        `aws_db_event_subscription.database.sns_topic == aws_sns_topic.alerts.arn && aws_db_event_subscription.database.source_type == "db-instance" && aws_db_event_subscription.database.source_ids == toset([var.database_identifier]) && aws_db_event_subscription.database.event_categories == toset([${AWS_DATABASE_EVENT_CATEGORIES.map(
          category => `"${category}"`,
        ).join(', ')}])`,
        'The events of the database instance (down, failover, failure, low storage) must reach the alerts topic.',
      ),
      testAssertion(
        'length([for statement in data.aws_iam_policy_document.alerts_topic.statement : statement if contains(statement.actions, "sns:Publish") && contains(flatten([for principal in statement.principals : principal.identifiers]), "events.rds.amazonaws.com") && contains(flatten([for condition in statement.condition : condition.values if condition.variable == "aws:SourceArn"]), "arn:${data.aws_partition.current.partition}:rds:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:db:${var.database_identifier}")]) == 1',
        'The topic policy must let RDS publish the events of this instance, which it otherwise refuses.',
      ),
    ],
  },
  variables: [
    {
      name: 'DATABASE_HOST',
      output: 'database_endpoint',
      description:
        'Host name of RDS for PostgreSQL (TLS on 5432, verify with the RDS CA bundle).',
    },
    {
      name: 'DATABASE_NAME',
      output: 'database_name',
      description: 'Database of the application.',
    },
    {
      name: 'DATABASE_USER',
      output: 'database_user',
      description:
        'Role the application signs in as with an IAM auth token (rds generate-db-auth-token, 15 minutes), no password.',
    },
  ],
};
