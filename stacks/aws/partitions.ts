/**
 * AWS partitions: which partition a region belongs to, by the region name patterns AWS publishes with its SDKs
 * (the endpoint ruleset's partition data, `partitions.json` of aws-sdk-js-v3 `util-endpoints` and of every other
 * AWS SDK). The partition is the second field of every ARN (rule aws.partitions).
 */
import type { AwsRule } from './rule';

/** Each partition and the pattern of its region names, in the order AWS lists them. */
/** Each partition, the pattern of its region names and the DNS suffix of its service endpoints, in the order AWS lists them. */
export const PARTITIONS: readonly { readonly id: string; readonly regionPattern: RegExp; readonly dnsSuffix: string; readonly example: string }[] = [
  { id: 'aws', regionPattern: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/, dnsSuffix: 'amazonaws.com', example: 'ap-northeast-1' },
  { id: 'aws-cn', regionPattern: /^cn-\w+-\d+$/, dnsSuffix: 'amazonaws.com.cn', example: 'cn-north-1' },
  { id: 'aws-us-gov', regionPattern: /^us-gov-\w+-\d+$/, dnsSuffix: 'amazonaws.com', example: 'us-gov-west-1' },
  { id: 'aws-iso', regionPattern: /^us-iso-\w+-\d+$/, dnsSuffix: 'c2s.ic.gov', example: 'us-iso-east-1' },
  { id: 'aws-iso-b', regionPattern: /^us-isob-\w+-\d+$/, dnsSuffix: 'sc2s.sgov.gov', example: 'us-isob-east-1' },
  { id: 'aws-iso-e', regionPattern: /^eu-isoe-\w+-\d+$/, dnsSuffix: 'cloud.adc-e.uk', example: 'eu-isoe-west-1' },
  { id: 'aws-iso-f', regionPattern: /^us-isof-\w+-\d+$/, dnsSuffix: 'csp.hci.ic.gov', example: 'us-isof-south-1' },
  { id: 'aws-eusc', regionPattern: /^eusc-(de)-\w+-\d+$/, dnsSuffix: 'amazonaws.eu', example: 'eusc-de-east-1' },
];

/** The DNS suffix of a partition's service endpoints (`amazonaws.com`, `amazonaws.com.cn`, ...). */
export function dnsSuffixOf(partition: string): string {
  return PARTITIONS.find((candidate) => candidate.id === partition)?.dnsSuffix ?? 'amazonaws.com';
}

/** The partition of a region, or undefined for a name no partition's pattern takes (the patterns do not overlap). */
export function partitionOfRegion(region: string): string | undefined {
  return PARTITIONS.find((partition) => partition.regionPattern.test(region))?.id;
}

export const PARTITION_RULES: readonly AwsRule[] = [
  {
    id: 'aws.partitions',
    rule: 'Every region belongs to one partition, the second field of its ARNs, with the DNS suffix of its endpoints: aws (amazonaws.com), aws-cn (cn-*, amazonaws.com.cn), aws-us-gov (us-gov-*, amazonaws.com), aws-iso (us-iso-*, c2s.ic.gov), aws-iso-b (us-isob-*, sc2s.sgov.gov), aws-iso-e (eu-isoe-*, cloud.adc-e.uk), aws-iso-f (us-isof-*, csp.hci.ic.gov), aws-eusc (eusc-de-*, amazonaws.eu).',
    source: 'The partition data of the AWS SDKs\' endpoint rules (partitions.json); Identify AWS resources with Amazon Resource Names (ARNs) (IAM User Guide)',
  },
];
