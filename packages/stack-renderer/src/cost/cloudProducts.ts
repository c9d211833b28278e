import type { Cloud } from '../spec/regions';

/** The managed products each cost line names, as the rendered Terraform creates them. */
export interface CloudProducts {
  kubernetes: string;
  nodeDisk: string;
  nat: string;
  loadBalancer: string;
  database: string;
  cache: string;
  objectStorage: string;
  registry: string;
  logs: string;
  metrics: string;
}

export const CLOUD_PRODUCTS: Readonly<Record<Cloud, CloudProducts>> = {
  aws: {
    kubernetes: 'EKS',
    nodeDisk: 'EBS gp3',
    nat: 'NAT gateway',
    loadBalancer: 'Application Load Balancer',
    database: 'RDS for PostgreSQL',
    cache: 'ElastiCache for Redis',
    objectStorage: 'S3 Standard',
    registry: 'ECR',
    logs: 'CloudWatch Logs',
    metrics: 'Amazon Managed Service for Prometheus',
  },
  gcp: {
    kubernetes: 'GKE',
    nodeDisk: 'pd-balanced',
    nat: 'Cloud NAT',
    loadBalancer: 'External Application Load Balancer (GKE Ingress)',
    database: 'Cloud SQL for PostgreSQL Enterprise',
    cache: 'Memorystore for Redis',
    objectStorage: 'Cloud Storage Standard',
    registry: 'Artifact Registry',
    logs: 'Cloud Logging',
    metrics: 'Managed Service for Prometheus',
  },
  azure: {
    kubernetes: 'AKS',
    nodeDisk: 'Premium SSD',
    nat: 'NAT gateway',
    loadBalancer: 'Standard Load Balancer (application routing)',
    database: 'Azure Database for PostgreSQL Flexible Server',
    cache: 'Azure Managed Redis',
    objectStorage: 'Blob Storage Hot',
    registry: 'Container Registry',
    logs: 'Log Analytics',
    metrics: 'Azure Monitor managed Prometheus',
  },
};
