/**
 * Environment variables Skyforge itself hands the application, in Kubernetes (the ConfigMap and
 * the overlay's service endpoints) and in the local Compose stack alike. `spec.app.env` may not
 * set them: one name has one owner. The endpoint names follow the infrastructure → application
 * contract (one variable per Terraform output the application reads).
 */
export const SKYFORGE_APP_VARIABLES = [
  'PORT',
  'ENVIRONMENT',
  'CLOUD',
  'CLOUD_REGION',
  'GOOGLE_CLOUD_PROJECT',
  'DATABASE_HOST',
  'DATABASE_NAME',
  'DATABASE_USER',
  'DATABASE_INSTANCE_CONNECTION_NAME',
  'REDIS_ENDPOINT',
  'REDIS_USER',
  'REDIS_AUTH_SECRET_NAME',
  'REDIS_CA_SECRET_NAME',
  'REDIS_AUTH',
  'REDIS_CA_CERTS',
  'KAFKA_BOOTSTRAP_SERVERS',
  'BUCKET_NAME',
  'STORAGE_ACCOUNT',
  'STORAGE_CONTAINER',
] as const;

/** One of {@link SKYFORGE_APP_VARIABLES}. */
export type SkyforgeAppVariable = (typeof SKYFORGE_APP_VARIABLES)[number];
