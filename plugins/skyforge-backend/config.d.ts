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
       * Cost sources. Sources added by backend modules through
       * `skyforgeCostSourcesExtensionPoint` come on top of these.
       * @default []
       */
      sources?: Array<{
        /** Unique, stable id; keys the source's stored rows (renaming it re-ingests). */
        id: string;
        /** `focus` (FOCUS 1.x CSV exports) or `opencost` (the OpenCost allocation API). */
        type: 'focus' | 'opencost';
        /**
         * Days back from today that each run replaces. Default: focus reads the whole history
         * of its files; opencost covers 7 days.
         */
        lookbackDays?: number;
        /** Options of the source type. */
        options: {
          /**
           * focus: a file, a folder (every .csv / .csv.gz below it) or a glob. Relative paths
           * resolve against the backend's working directory (packages/backend under yarn start).
           */
          path?: string;
          /** opencost: base URL of the OpenCost API, e.g. http://opencost.opencost:9003. */
          baseUrl?: string;
          /** opencost: the cluster's name, stored as the `kubernetes-cluster` tag. */
          cluster?: string;
          /**
           * opencost: the `aggregate` parameter; a single property such as `label:app` or `namespace`.
           * @default label:backstage.io/kubernetes-id
           */
          aggregate?: string;
          /**
           * opencost: the tag key that receives each allocation's aggregate value.
           * @default skyforge-component
           */
          tagKey?: string;
          /**
           * opencost: tags added to every row of this cluster, e.g. `{ environment: prod }`.
           * @default {}
           */
          tags?: { [key: string]: string };
          /**
           * opencost: the currency of OpenCost's figures.
           * @default USD
           */
          currency?: string;
          /**
           * opencost: the value shown for these rows when grouping by cloud.
           * @default Kubernetes
           */
          provider?: string;
          /** opencost: the cluster's region, for grouping by region. */
          region?: string;
          /**
           * opencost: a bearer token, when OpenCost sits behind an authenticating proxy.
           * @visibility secret
           */
          token?: string;
        };
      }>;
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
