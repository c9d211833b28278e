import type { TerraformRule } from '../../types';
import { blocks, expectSetting, expectTrue, lookup } from '../ruleHelpers';

/** 90 days, the longest rotation period CKV_GCP_43 accepts. */
const MAX_ROTATION_SECONDS = 90 * 24 * 60 * 60;

/** Subnets and Cloud KMS. */
export const GCP_NETWORK_RULES: readonly TerraformRule[] = [
  {
    id: 'CKV_GCP_26',
    title: 'Subnet flow logs enabled',
    cloud: 'gcp',
    resourceTypes: ['google_compute_subnetwork'],
    check: ({ resource }) => {
      // Proxy-only and private service connect subnets cannot log flows.
      const purpose = lookup(resource.body, 'purpose');
      if (
        purpose.state === 'value' &&
        purpose.value !== 'PRIVATE' &&
        purpose.value !== 'PRIVATE_RFC_1918'
      ) {
        return undefined;
      }
      return blocks(resource.body, 'log_config').length > 0
        ? undefined
        : 'log_config is not set; expected flow logs';
    },
  },
  {
    id: 'CKV_GCP_74',
    title: 'Subnet has Private Google Access',
    cloud: 'gcp',
    resourceTypes: ['google_compute_subnetwork'],
    check: ({ resource }) => {
      const purpose = lookup(resource.body, 'purpose');
      if (
        purpose.state === 'value' &&
        purpose.value !== 'PRIVATE' &&
        purpose.value !== 'PRIVATE_RFC_1918'
      ) {
        return undefined;
      }
      return expectTrue(resource.body, 'private_ip_google_access', false);
    },
  },
  {
    id: 'CKV_GCP_43',
    title: 'KMS crypto key rotated at least every 90 days',
    cloud: 'gcp',
    resourceTypes: ['google_kms_crypto_key'],
    check: ({ resource }) => {
      // Rotation applies to symmetric encryption keys only.
      const purpose = lookup(resource.body, 'purpose');
      if (purpose.state === 'value' && purpose.value !== 'ENCRYPT_DECRYPT')
        return undefined;
      return expectSetting({
        body: resource.body,
        path: 'rotation_period',
        expected: `at most "${MAX_ROTATION_SECONDS}s"`,
        accept: value => {
          const seconds = Number.parseFloat(String(value).replace(/s$/, ''));
          return (
            Number.isFinite(seconds) &&
            seconds > 0 &&
            seconds <= MAX_ROTATION_SECONDS
          );
        },
      });
    },
  },
];
