import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import type { HumanDuration } from '@backstage/types';

export interface Config {
  /** Skyforge plugins. */
  skyforge?: {
    /** Cost ingestion and the cost API. */
    cost?: {
      /**
       * When ingestion runs. Each run reads every source in turn, on one replica at a time.
       * @default { frequency: { hours: 6 }, timeout: { hours: 1 } }
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * Run ingestion once right after the backend starts, besides the schedule.
       * @default true
       */
      runOnStartup?: boolean;
      /**
       * Cost sources, one entry each; `type` selects the kind and its `options`. Types added by
       * backend modules through `skyforgeCostSourcesExtensionPoint.addCostSourceType` take their
       * own options; sources added with `addCostSource` come on top of these.
       * @default []
       */
      sources?: Array<
        | FocusSourceConfig
        | OpenCostSourceConfig
        | BigQuerySourceConfig
        | AwsCostExplorerSourceConfig
        | AzureCostManagementSourceConfig
        | ModuleSourceConfig
      >;
    };
    /**
     * Budget and anomaly alerts, sent through the notifications backend to the owner of each
     * entity with cost (forecast above budget, month to date above budget, a daily spike). Each
     * entity, kind, period and currency is notified once.
     */
    alerts?: {
      /**
       * Evaluate and send alerts (after each ingestion run and on `schedule`).
       * @default true
       */
      enabled?: boolean;
      /**
       * When alerts are evaluated besides right after each ingestion run.
       * @default { frequency: { hours: 6 }, timeout: { minutes: 15 }, initialDelay: { minutes: 1 } }
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** The daily anomaly: the latest day against the median and MAD of the days before it. */
      anomaly?: {
        /**
         * Days before the judged day that form the baseline.
         * @default 28
         */
        windowDays?: number;
        /**
         * Robust z-score, (day − median) / (1.4826 × MAD), at or above which a day is anomalous.
         * @default 3.5
         */
        threshold?: number;
        /**
         * The least increase over the baseline median, in the cost's currency, that counts.
         * @default 10
         */
        minimumIncrease?: number;
        /**
         * Baseline days with any cost needed before a day is judged.
         * @default 7
         */
        minimumHistoryDays?: number;
      };
    };
    /** The health API (clusters, workloads, autoscaling), read through the Kubernetes backend. */
    health?: {
      /**
       * Deadline for one health request over all clusters; a cluster that has not answered by
       * then is reported with an error instead of holding up the response.
       * @default { seconds: 5 }
       */
      clusterTimeout?: HumanDuration | string;
      /**
       * How long one entity's (or cluster's) computed health is reused, so many viewers do not
       * multiply cluster load. For as long again after that, the last answer is still served at
       * once while it is recomputed in the background.
       * @default { seconds: 5 }
       */
      cacheTtl?: HumanDuration | string;
      /**
       * How long cluster-wide objects (nodes, cluster autoscaler status, Karpenter node pools) are reused.
       * @default { seconds: 30 }
       */
      clusterCacheTtl?: HumanDuration | string;
    };
  };
}

/** What every `skyforge.cost.sources` entry has. */
interface CostSourceConfigBase {
  /** Unique, stable id; keys the source's stored rows (renaming it re-ingests). */
  id: string;
  /**
   * Days back from today that each run replaces. Default: focus re-reads the whole history of
   * its files; opencost 7; aws-cost-explorer and azure-cost-management 14; bigquery 35.
   */
  lookbackDays?: number;
}

/** FOCUS 1.x exports: CSV, gzip CSV or Parquet, read with DuckDB. */
interface FocusSourceConfig extends CostSourceConfigBase {
  type: 'focus';
  options: {
    /**
     * Where the exports are: a local file, folder or glob (relative to the backend's working
     * directory); `s3://bucket/prefix`, `gs://bucket/prefix`, `azure://account/container/prefix`
     * or `https://account.blob.core.windows.net/container/prefix` (object-store locations may
     * end in a glob); any other `https://` URL is one file read through Backstage's URL reader.
     * Never put credentials here.
     */
    location?: string;
    /** The older name of `location`. */
    path?: string;
    /**
     * How exports are laid out under `location`: `files` (every .csv, .csv.gz and .parquet
     * file, or the glob's matches), `aws-data-exports` (the export's folder; the files listed by
     * each billing period's Manifest.json) or `azure-cost-exports` (the latest run of each
     * period, by its manifest.json).
     * @default files
     */
    layout?: 'files' | 'aws-data-exports' | 'azure-cost-exports';
    /** S3: without keys the AWS SDK's default credential chain applies (IRSA, Pod Identity, ...). */
    s3?: {
      region?: string;
      /** An S3-compatible endpoint (MinIO); AWS needs none. */
      endpoint?: string;
      forcePathStyle?: boolean;
      accessKeyId?: string;
      /** @visibility secret */
      secretAccessKey?: string;
      /** @visibility secret */
      sessionToken?: string;
    };
    /** Google Cloud Storage: without a key, Application Default Credentials apply. */
    gcs?: {
      projectId?: string;
      apiEndpoint?: string;
      clientEmail?: string;
      /** @visibility secret */
      privateKey?: string;
    };
    /** Azure Blob Storage: without a key or SAS token, DefaultAzureCredential applies. */
    azure?: {
      /** The Blob endpoint with the account, e.g. Azurite's http://127.0.0.1:10000/devstoreaccount1. */
      endpoint?: string;
      /** @visibility secret */
      accountKey?: string;
      /** @visibility secret */
      sasToken?: string;
    };
    /** DuckDB threads. Default: the machine's parallelism, at most 4. */
    threads?: number;
    /**
     * DuckDB's memory limit, e.g. `512MB`; beyond it aggregation spills to a temporary folder.
     * Default: 256 MB per thread.
     */
    memoryLimit?: string;
  };
}

/** The OpenCost allocation API of one cluster. */
interface OpenCostSourceConfig extends CostSourceConfigBase {
  type: 'opencost';
  options: {
    /** Base URL of the OpenCost API, e.g. http://opencost.opencost:9003. */
    baseUrl: string;
    /** The cluster's name, stored as the `kubernetes-cluster` tag. */
    cluster: string;
    /**
     * The `aggregate` parameter; a single property such as `label:app` or `namespace`.
     * @default label:backstage.io/kubernetes-id
     */
    aggregate?: string;
    /**
     * The tag key that receives each allocation's aggregate value.
     * @default skyforge-component
     */
    tagKey?: string;
    /** Tags added to every row of this cluster, e.g. `{ environment: prod }`. */
    tags?: { [key: string]: string };
    /** @default USD */
    currency?: string;
    /**
     * The value shown for these rows when grouping by cloud.
     * @default Kubernetes
     */
    provider?: string;
    /** The cluster's region, for grouping by region. */
    region?: string;
    /**
     * Cost selectors of other sources' rows that this cluster's allocations replace (its
     * nodes in billing exports), so they are not counted twice. `[]` turns it off.
     * @default ['kubernetes-cluster=<cluster>']
     */
    replaces?: string[];
    /**
     * A bearer token, when OpenCost sits behind an authenticating proxy.
     * @visibility secret
     */
    token?: string;
  };
}

/** The FOCUS view over a GCP Cloud Billing export in BigQuery; the aggregation runs there. */
interface BigQuerySourceConfig extends CostSourceConfigBase {
  type: 'bigquery';
  options: {
    /** The FOCUS view or table: `project.dataset.view`. */
    table: string;
    /** The project that runs (and pays for) the query jobs. */
    projectId: string;
    /** The dataset's location, e.g. `EU`. */
    location?: string;
    /**
     * Tag keys read from `Tags`; rows are grouped by their values.
     * @default [skyforge-component, skyforge-system, environment, owner, skyforge-capability, kubernetes-cluster]
     */
    tagKeys?: string[];
    /**
     * The most bytes one run may be billed for, as a whole number; BigQuery refuses beyond it.
     * @default 10000000000
     */
    maximumBytesBilled?: string;
    apiEndpoint?: string;
    /** A service account's email; without it, Application Default Credentials apply. */
    clientEmail?: string;
    /** @visibility secret */
    privateKey?: string;
  };
}

/** The AWS Cost Explorer API ($0.01 per request, see the README). */
interface AwsCostExplorerSourceConfig extends CostSourceConfigBase {
  type: 'aws-cost-explorer';
  options?: {
    /**
     * At most two groupings: `tag:<key>` (or a bare tag key) or `dimension:SERVICE|REGION|LINKED_ACCOUNT`.
     * @default [tag:skyforge-component, dimension:SERVICE]
     */
    groupBy?: string[];
    /** Only costs carrying these tags are queried, and every row carries them. */
    tags?: { [key: string]: string };
    /** @default AmortizedCost */
    metric?: string;
    /** @default us-east-1 */
    region?: string;
    endpoint?: string;
    /** Without keys the AWS SDK's default credential chain applies. */
    accessKeyId?: string;
    /** @visibility secret */
    secretAccessKey?: string;
    /** @visibility secret */
    sessionToken?: string;
  };
}

/** The Azure Cost Management Query API. */
interface AzureCostManagementSourceConfig extends CostSourceConfigBase {
  type: 'azure-cost-management';
  options: {
    /** The scope queried, e.g. `/subscriptions/<id>` or a billing account's. */
    scope: string;
    /** @default AmortizedCost */
    costType?: 'AmortizedCost' | 'ActualCost';
    /**
     * At most two groupings, at most one tag key: `tag:<key>` (or a bare tag key) or
     * `dimension:ServiceName|ResourceLocation|SubscriptionId`.
     * @default [tag:skyforge-component, dimension:ServiceName]
     */
    groupBy?: string[];
    /** Only costs carrying these tags are queried, and every row carries them. */
    tags?: { [key: string]: string };
    /** @default https://management.azure.com */
    endpoint?: string;
    /** A service principal; without one, DefaultAzureCredential applies. */
    tenantId?: string;
    clientId?: string;
    /** @visibility secret */
    clientSecret?: string;
  };
}

/** A type added by a backend module, with the options that module documents. */
interface ModuleSourceConfig extends CostSourceConfigBase {
  type: string;
  options?: { [key: string]: unknown };
}
