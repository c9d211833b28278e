import type { Cloud } from '../spec/regions';

/**
 * The managed service that implements each part of the platform, by cloud, as people name them
 * (the services' products are in their descriptors, `src/services/`).
 */
export interface CloudServiceNames {
  network: string;
  cluster: string;
  /** The serverless containers a `compute: serverless` target runs the application on. */
  serverless: string;
  ingress: string;
  /** How the application's ServiceAccount gets cloud credentials without keys. */
  workloadIdentity: string;
  /**
   * What production protects from deletion, and what the cloud cannot protect (a clause);
   * `cluster`: whether any environment of the stack runs a cluster on this cloud.
   */
  deletionProtection(cluster: boolean): string;
}

export const CLOUD_SERVICES: Record<Cloud, CloudServiceNames> = {
  aws: {
    network: 'VPC',
    cluster: 'Amazon EKS Auto Mode',
    serverless: 'Amazon ECS on AWS Fargate',
    ingress: 'ALB (EKS Auto Mode load balancing)',
    workloadIdentity: 'EKS Pod Identity',
    deletionProtection: cluster =>
      `the RDS database has deletion protection and keeps a final snapshot; ${
        cluster
          ? 'the EKS cluster has none, because AWS provider 5.100 cannot set it; '
          : ''
      }S3 refuses to delete a bucket that still holds objects`,
  },
  gcp: {
    network: 'VPC network',
    cluster: 'Google Kubernetes Engine',
    serverless: 'Cloud Run',
    ingress: 'GKE Ingress (Google Cloud Load Balancer)',
    workloadIdentity: 'GKE Workload Identity',
    deletionProtection: cluster =>
      `${
        cluster
          ? 'the GKE cluster and the Cloud SQL instance have'
          : 'the Cloud SQL instance has'
      } deletion protection; Cloud Storage refuses to delete a bucket that still holds objects`,
  },
  azure: {
    network: 'Virtual network',
    cluster: 'Azure Kubernetes Service',
    serverless: 'Azure Container Apps',
    ingress: 'AKS application routing (managed NGINX)',
    workloadIdentity: 'Microsoft Entra Workload ID',
    deletionProtection: cluster =>
      `the PostgreSQL server and the storage account have delete locks${
        cluster ? '; the AKS cluster has none' : ''
      }`,
  },
};
