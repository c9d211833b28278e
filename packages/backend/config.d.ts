export interface Config {
  skyforge?: {
    /** The app's example permission policy (src/permissions/SkyforgeExamplePolicy.ts). */
    policy?: {
      /**
       * Groups whose members are allowed every permission, e.g. `group:default/platform` (a bare
       * name means a Group in the default namespace). Everyone else reads an entity's Skyforge
       * cost and health only if their group, or a group below it, owns the entity.
       * @default []
       */
      adminGroups?: string[];
    };
    /** The local demo. */
    demo?: {
      /**
       * Serve a demo Kubernetes cluster of recorded API objects on 127.0.0.1 and register it in
       * the catalog as the `kubernetes-cluster` Resource `skyforge-demo-cluster`, so the example
       * entities' Health tabs and the fleet page show data. For local use only.
       * @default false
       */
      kubernetesCluster?: boolean;
    };
  };
}
