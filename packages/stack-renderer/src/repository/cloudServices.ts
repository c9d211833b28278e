import type { Cloud } from '../spec/regions';

/** The managed service that implements each part of a stack, by cloud, as people name them. */
export interface CloudServiceNames {
  network: string;
  cluster: string;
  ingress: string;
  database: string;
  cache: string;
  bucket: string;
  registry: string;
  monitoring: string;
  /** How the application's ServiceAccount gets cloud credentials without keys. */
  workloadIdentity: string;
  /** What production protects from deletion, and what the cloud cannot protect (a clause). */
  deletionProtection: string;
}

export const CLOUD_SERVICES: Record<Cloud, CloudServiceNames> = {
  aws: {
    network: 'VPC',
    cluster: 'Amazon EKS Auto Mode',
    ingress: 'ALB (EKS Auto Mode load balancing)',
    database: 'Amazon RDS for PostgreSQL',
    cache: 'Amazon ElastiCache (Redis OSS)',
    bucket: 'Amazon S3',
    registry: 'Amazon ECR',
    monitoring:
      'Amazon Managed Service for Prometheus (managed collector) + CloudWatch Logs',
    workloadIdentity: 'EKS Pod Identity',
    deletionProtection:
      'the RDS database has deletion protection and keeps a final snapshot; the EKS cluster has none, because AWS provider 5.100 cannot set it; S3 refuses to delete a bucket that still holds objects',
  },
  gcp: {
    network: 'VPC network',
    cluster: 'Google Kubernetes Engine',
    ingress: 'GKE Ingress (Google Cloud Load Balancer)',
    database: 'Cloud SQL for PostgreSQL',
    cache: 'Memorystore for Redis',
    bucket: 'Cloud Storage',
    registry: 'Artifact Registry',
    monitoring: 'Managed Service for Prometheus + Cloud Monitoring',
    workloadIdentity: 'GKE Workload Identity',
    deletionProtection:
      'the GKE cluster and the Cloud SQL instance have deletion protection; Cloud Storage refuses to delete a bucket that still holds objects',
  },
  azure: {
    network: 'Virtual network',
    cluster: 'Azure Kubernetes Service',
    ingress: 'AKS application routing (managed NGINX)',
    database: 'Azure Database for PostgreSQL flexible server',
    cache: 'Azure Managed Redis',
    bucket: 'Azure Blob Storage',
    registry: 'Azure Container Registry',
    monitoring: 'Azure Monitor managed Prometheus + Managed Grafana',
    workloadIdentity: 'Microsoft Entra Workload ID',
    deletionProtection:
      'the PostgreSQL server and the storage account have delete locks; the AKS cluster has none',
  },
};
