/**
 * AWS partitions: which partition a region belongs to, by the region name patterns AWS publishes with its SDKs
 * (the endpoint ruleset's partition data, `partitions.json` of aws-sdk-js-v3 `util-endpoints` and of every other
 * AWS SDK). The partition is the second field of every ARN (rule aws.partitions).
 */
import type { AwsRule } from './rule';

/** Each partition and the pattern of its region names, in the order AWS lists them. */
export const PARTITIONS: readonly { readonly id: string; readonly regionPattern: RegExp; readonly example: string }[] = [
  { id: 'aws', regionPattern: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/, example: 'ap-northeast-1' },
  { id: 'aws-cn', regionPattern: /^cn-\w+-\d+$/, example: 'cn-north-1' },
  { id: 'aws-us-gov', regionPattern: /^us-gov-\w+-\d+$/, example: 'us-gov-west-1' },
  { id: 'aws-iso', regionPattern: /^us-iso-\w+-\d+$/, example: 'us-iso-east-1' },
  { id: 'aws-iso-b', regionPattern: /^us-isob-\w+-\d+$/, example: 'us-isob-east-1' },
  { id: 'aws-iso-e', regionPattern: /^eu-isoe-\w+-\d+$/, example: 'eu-isoe-west-1' },
  { id: 'aws-iso-f', regionPattern: /^us-isof-\w+-\d+$/, example: 'us-isof-south-1' },
  { id: 'aws-eusc', regionPattern: /^eusc-(de)-\w+-\d+$/, example: 'eusc-de-east-1' },
];

/** The partition of a region, or undefined for a name no partition's pattern takes (the patterns do not overlap). */
export function partitionOfRegion(region: string): string | undefined {
  return PARTITIONS.find((partition) => partition.regionPattern.test(region))?.id;
}

export const PARTITION_RULES: readonly AwsRule[] = [
  {
    id: 'aws.partitions',
    rule: 'Every region belongs to one partition, the second field of its ARNs: aws, aws-cn (cn-*), aws-us-gov (us-gov-*), aws-iso (us-iso-*), aws-iso-b (us-isob-*), aws-iso-e (eu-isoe-*), aws-iso-f (us-isof-*), aws-eusc (eusc-de-*).',
    source: 'The partition data of the AWS SDKs\' endpoint rules (partitions.json); Identify AWS resources with Amazon Resource Names (ARNs) (IAM User Guide)',
  },
];
