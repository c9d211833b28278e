import type { FleetResponse } from '@skyforge/plugin-skyforge-common';
import { clusterResponse, oneClusterUnreachableResponse } from './entityHealth';

const eks = clusterResponse.clusters[0];
const gke = oneClusterUnreachableResponse.clusters[1];

/** Two clusters: a healthy EKS cluster with cost, and a GKE cluster that cannot be read. */
export const fleetResponse: FleetResponse = {
  clusters: [
    {
      name: 'payments-prod-aws-cluster',
      title: 'payments-api prod Amazon EKS',
      entityRef: 'resource:default/payments-prod-aws-cluster',
      owner: 'group:default/payments',
      cloud: 'aws',
      region: 'us-east-1',
      environment: 'prod',
      status: 'healthy',
      reachable: true,
      reasons: [],
      nodesReady: eks.nodesReady,
      nodesTotal: eks.nodesTotal,
      nodePools: eks.nodePools,
      autoscalers: eks.scalers,
      cost: [
        {
          currency: 'USD',
          month: '2025-11',
          monthToDate: 3120.45,
          forecastMonthEnd: 4210.9,
        },
      ],
    },
    {
      name: 'gke-prod',
      title: 'GKE production',
      owner: 'group:default/platform',
      cloud: 'gcp',
      status: 'unknown',
      reachable: false,
      error: gke.error,
      reasons: [
        'Cluster gke-prod is unreachable: timed out: no answer within 5000 ms',
      ],
      nodePools: [],
      autoscalers: [],
    },
  ],
  hiddenCount: 0,
  owners: ['group:default/payments', 'group:default/platform'],
  clouds: ['aws', 'gcp'],
  generatedAt: '2025-11-24T10:00:00.000Z',
};
