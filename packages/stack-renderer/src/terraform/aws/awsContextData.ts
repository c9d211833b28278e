import { data, type HclBody } from '../../hcl/hcl';

/** References to the data sources that {@link awsContextData} declares. */
export const AWS_ACCOUNT_ID = 'data.aws_caller_identity.current.account_id';
export const AWS_PARTITION = 'data.aws_partition.current.partition';
export const AWS_REGION = 'data.aws_region.current.name';

/** The account, partition and region of the provider, so no ARN hard-codes `aws` or an account. */
export function awsContextData(): HclBody {
  return [
    data('aws_caller_identity', 'current', []),
    data('aws_partition', 'current', []),
    data('aws_region', 'current', []),
  ];
}
