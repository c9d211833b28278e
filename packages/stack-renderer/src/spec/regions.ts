/**
 * The clouds Skyforge renders for.
 *
 * @public
 */
export const CLOUDS = ['aws', 'gcp', 'azure'] as const;
/**
 * One of {@link CLOUDS}.
 *
 * @public
 */
export type Cloud = (typeof CLOUDS)[number];

/**
 * Display names of the clouds: `AWS`, `GCP`, `Azure`.
 *
 * @public
 */
export const CLOUD_NAMES: Record<Cloud, string> = {
  aws: 'AWS',
  gcp: 'GCP',
  azure: 'Azure',
};

/**
 * The regions a stack can be placed in, with the names people know them by. Each region here
 * offers the managed Kubernetes, PostgreSQL and Redis services and at least three zones, and
 * has list prices in the cost table.
 *
 * @public
 */
export const REGIONS: Record<Cloud, Readonly<Record<string, string>>> = {
  aws: {
    'us-east-1': 'US East (N. Virginia)',
    'us-east-2': 'US East (Ohio)',
    'us-west-2': 'US West (Oregon)',
    'eu-west-1': 'Europe (Ireland)',
    'eu-central-1': 'Europe (Frankfurt)',
    'ap-southeast-1': 'Asia Pacific (Singapore)',
  },
  gcp: {
    'us-central1': 'Iowa',
    'us-east1': 'South Carolina',
    'us-west1': 'Oregon',
    'europe-west1': 'Belgium',
    'europe-west4': 'Netherlands',
    'asia-southeast1': 'Singapore',
  },
  azure: {
    eastus: 'East US',
    eastus2: 'East US 2',
    westus2: 'West US 2',
    westeurope: 'West Europe',
    northeurope: 'North Europe',
    southeastasia: 'Southeast Asia',
  },
};
