import { attr, blank, comment, expr, resource } from '../../hcl/hcl';
import type { HclBody } from '../../hcl/hcl';
import type { RootVariable } from '../common/rootVariable';
import { terraformOutput } from '../common/terraformOutput';

/**
 * Backstage's read-only access to the GKE cluster. The Kubernetes plugin's `googleServiceAccount`
 * auth provider reads every cluster as one Google identity (the backend's Application Default
 * Credentials), so the identity is Backstage's own service account, an input: the environment
 * grants it Kubernetes Engine Cluster Viewer (`container.clusters.get`/`list` and
 * `container.clusters.connect`, which the DNS endpoint requires; nothing inside the cluster), and
 * deploy/platform/<env>-gcp/health-reader.yaml binds it as a User to exactly the objects health
 * reads (GKE, "Authorize actions in clusters using role-based access control" and "About
 * DNS-based endpoints").
 */

const ACCOUNT = 'backstage_service_account';

/** The root variable: the Google service account Backstage's backend runs as. */
export const GCP_HEALTH_READER_ROOT_VARIABLE: RootVariable = {
  name: ACCOUNT,
  type: 'string',
  description:
    "Email of the Google service account Backstage's backend runs as, which may read this cluster's health; null grants nothing.",
  default: expr('null'),
  note: `${ACCOUNT} = "backstage@<project>.iam.gserviceaccount.com"`,
  validations: [
    {
      condition: `var.${ACCOUNT} == null || can(regex("^[^@]+@[a-z0-9-]+\\\\.iam\\\\.gserviceaccount\\\\.com$", var.${ACCOUNT}))`,
      message: `${ACCOUNT} must be a service account email (…@<project>.iam.gserviceaccount.com).`,
    },
  ],
};

/** The project-level grant, in the environment root (GKE IAM roles apply to the project). */
export function gcpHealthReader(): HclBody {
  return [
    comment(
      [
        "Backstage's health reader: Cluster Viewer lets it through the DNS endpoint and no further; the",
        'health reader RBAC in deploy/platform decides what it may read inside.',
      ].join('\n'),
    ),
    resource('google_project_iam_member', 'backstage_cluster_viewer', [
      attr('count', expr(`var.${ACCOUNT} == null ? 0 : 1`)),
      blank(),
      attr('project', expr('var.project_id')),
      attr('role', 'roles/container.clusterViewer'),
      attr('member', expr(`"serviceAccount:\${var.${ACCOUNT}}"`)),
    ]),
  ];
}

/** The root's outputs that `make catalog-registration` reads. */
export const gcpHealthReaderOutputs: HclBody = [
  terraformOutput({
    name: 'cluster_endpoint',
    description:
      "The cluster's DNS endpoint as Backstage reaches it (the IP endpoint is private).",
    value: '"https://${module.cluster.dns_endpoint}"',
  }),
  terraformOutput({
    name: 'health_reader_subject',
    description:
      "The User the health reader RBAC binds: Backstage's service account; null without one.",
    value: `var.${ACCOUNT}`,
  }),
];
