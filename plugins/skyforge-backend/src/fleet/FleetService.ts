import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { FleetResponse } from '@skyforge/plugin-skyforge-common';

/** Every cluster with its health and cost, for the fleet page. */
export interface FleetService {
  /**
   * The clusters the caller may see, filtered by the owner and the cloud of their
   * `kubernetes-cluster` Resources. Throws NotAllowedError without `kubernetes.clusters.read` and
   * `kubernetes.resources.read`; one cluster that cannot be read, or whose cost cannot be read,
   * degrades only its own row.
   */
  getFleet(options: {
    credentials: BackstageCredentials;
    /** An entity ref, e.g. `group:default/platform` (kind defaults to Group, namespace to default). */
    owner?: string;
    cloud?: string;
  }): Promise<FleetResponse>;
}
