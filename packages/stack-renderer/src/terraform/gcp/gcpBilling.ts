import {
  attr,
  blank,
  block,
  comment,
  expr,
  resource,
  writeHcl,
  type HclBody,
} from '../../hcl/hcl';
import { gcpProject } from '../../spec/gcpProject';
import type { StackSpec } from '../../spec/stackSpec';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { gcpFocusViewQuery } from './gcpFocusView';

/** File of the GCP bootstrap that sets up the billing side of cost attribution. */
export const GCP_BILLING_FILE = 'billing.tf';

/** The FOCUS view Backstage's `bigquery` cost source reads. */
export const GCP_FOCUS_VIEW = 'focus';

/** The BigQuery dataset the Cloud Billing export writes to and the FOCUS view lives in. */
export function gcpBillingDataset(stackName: string): string {
  return `${stackName.replace(/-/g, '_')}_billing`;
}

/**
 * The project of the billing dataset: prod's (or the last environment's), whose owners already
 * see the most cost.
 */
export function gcpBillingProject(spec: StackSpec): string {
  const { environments } = spec.spec;
  return gcpProject({
    spec,
    environment: environments[environments.length - 1],
  });
}

/**
 * The BigQuery location of the billing dataset: the multi-region of the stack's region where
 * there is one (only multi-region datasets receive the previous month's data retroactively,
 * Cloud Billing "Set up Cloud Billing data export to BigQuery"), else the region itself.
 */
export function gcpBillingLocation(region: string): string {
  if (region.startsWith('us-')) return 'US';
  if (region.startsWith('europe-')) return 'EU';
  return region;
}

/** A SQL heredoc at the indentation of a nested block's attribute (`<<-` strips it). */
function heredoc(sql: string): string {
  const indent = '      ';
  return [
    '<<-SQL',
    ...sql.split('\n').map(line => `${indent}${line}`),
    `${indent}SQL`,
  ].join('\n');
}

const variables: HclBody = [
  terraformVariable({
    name: 'billing_project',
    type: 'string',
    description:
      'Project of the BigQuery dataset that receives the Cloud Billing export and holds the FOCUS view.',
  }),
  terraformVariable({
    name: 'billing_dataset_location',
    type: 'string',
    description:
      'BigQuery location of the billing dataset (US or EU receive the previous month retroactively).',
  }),
  terraformVariable({
    name: 'billing_account_id',
    type: 'string',
    description:
      "The Cloud Billing account whose detailed usage cost export writes to the billing dataset (XXXXXX-XXXXXX-XXXXXX). Null until that export is enabled in the console: the FOCUS view reads the export's table, which exists only then.",
    default: expr('null'),
    validations: [
      {
        condition:
          'var.billing_account_id == null || can(regex("^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$", var.billing_account_id))',
        message:
          'billing_account_id must be a Cloud Billing account ID such as 012345-6789AB-CDEF01.',
      },
    ],
  }),
  terraformVariable({
    name: 'backstage_service_accounts',
    type: 'list(string)',
    description:
      "Emails of the Google service accounts Backstage's backend runs as, allowed to query the FOCUS view (BigQuery Data Viewer on the billing dataset, Job User in its project).",
    default: [],
    validations: [
      {
        condition:
          'alltrue([for email in var.backstage_service_accounts : can(regex("^[^@]+@[a-z0-9-]+\\\\.iam\\\\.gserviceaccount\\\\.com$", email))])',
        message:
          'backstage_service_accounts must be service account emails (…@<project>.iam.gserviceaccount.com).',
      },
    ],
  }),
];

function main(stackName: string): HclBody {
  return [
    comment(
      [
        'The billing side of cost attribution. Cloud Billing has no API to turn on its BigQuery export',
        '(hashicorp/terraform-provider-google#4848 is blocked upstream on that), so one step is manual:',
        'in the console, Billing > Billing export > BigQuery export > Detailed usage cost, choose',
        'billing_project and the dataset below; then set billing_account_id and apply again, which',
        'creates the FOCUS view that Backstage reads (the skyforge.cost.sources entry in the README).',
        'The export covers the whole billing account: one per account is enough for every stack.',
      ].join('\n'),
    ),
    block(
      'locals',
      [],
      [
        attr(
          'billing_export_table',
          expr(
            'var.billing_account_id == null ? null : "${var.billing_project}.${google_bigquery_dataset.billing.dataset_id}.gcp_billing_export_resource_v1_${replace(var.billing_account_id, "-", "_")}"',
          ),
        ),
      ],
    ),
    comment(
      'The export needs the BigQuery Data Transfer Service in its project (it delivers through it).',
    ),
    resource('google_project_service', 'billing', [
      attr(
        'for_each',
        expr(
          'toset(["bigquery.googleapis.com", "bigquerydatatransfer.googleapis.com"])',
        ),
      ),
      blank(),
      attr('project', expr('var.billing_project')),
      attr('service', expr('each.value')),
      attr('disable_on_destroy', false),
    ]),
    resource('google_bigquery_dataset', 'billing', [
      attr('project', expr('var.billing_project')),
      attr('dataset_id', gcpBillingDataset(stackName)),
      attr('location', expr('var.billing_dataset_location')),
      attr(
        'description',
        'Cloud Billing detailed usage cost export and its FOCUS view (Skyforge cost).',
      ),
      attr('labels', expr('var.labels')),
      blank(),
      comment('The export is the only copy of past billing data here.'),
      attr('delete_contents_on_destroy', false),
      blank(),
      attr('depends_on', [expr('google_project_service.billing')]),
    ]),
    comment(
      'FOCUS columns over the export, so the bigquery cost source sums in BigQuery. Rendered by Skyforge:\nchange it here (and re-render), not in BigQuery.',
    ),
    resource('google_bigquery_table', 'focus', [
      attr('count', expr('local.billing_export_table == null ? 0 : 1')),
      blank(),
      attr('project', expr('var.billing_project')),
      attr('dataset_id', expr('google_bigquery_dataset.billing.dataset_id')),
      attr('table_id', GCP_FOCUS_VIEW),
      attr(
        'description',
        'FOCUS 1.0 over the Cloud Billing detailed usage cost export (rendered by Skyforge).',
      ),
      attr('deletion_protection', false),
      blank(),
      block(
        'view',
        [],
        [
          attr('use_legacy_sql', false),
          blank(),
          attr(
            'query',
            expr(heredoc(gcpFocusViewQuery('${local.billing_export_table}'))),
          ),
        ],
      ),
    ]),
    comment(
      'Backstage queries the view: it reads the dataset (view and export) and runs jobs in its project.',
    ),
    resource('google_bigquery_dataset_iam_member', 'backstage', [
      attr('for_each', expr('toset(var.backstage_service_accounts)')),
      blank(),
      attr('project', expr('var.billing_project')),
      attr('dataset_id', expr('google_bigquery_dataset.billing.dataset_id')),
      attr('role', 'roles/bigquery.dataViewer'),
      attr('member', expr('"serviceAccount:${each.value}"')),
    ]),
    resource('google_project_iam_member', 'backstage_bigquery_jobs', [
      attr('for_each', expr('toset(var.backstage_service_accounts)')),
      blank(),
      attr('project', expr('var.billing_project')),
      attr('role', 'roles/bigquery.jobUser'),
      attr('member', expr('"serviceAccount:${each.value}"')),
    ]),
  ];
}

const outputs: HclBody = [
  terraformOutput({
    name: 'billing_dataset',
    description:
      'The dataset to choose for the Detailed usage cost export in the Cloud Billing console.',
    value: 'google_bigquery_dataset.billing.id',
  }),
  terraformOutput({
    name: 'focus_view',
    description:
      'The table of the bigquery skyforge.cost.sources entry (project.dataset.view); null until billing_account_id is set.',
    value:
      'one([for view in google_bigquery_table.focus : "${view.project}.${view.dataset_id}.${view.table_id}"])',
  }),
];

/** `infra/bootstrap/gcp/billing.tf`: its variables, resources and outputs in one file. */
export function gcpBillingFile(stackName: string): string {
  return writeHcl([variables, main(stackName), outputs]);
}
