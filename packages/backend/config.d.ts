export interface Config {
  skyforge?: {
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
