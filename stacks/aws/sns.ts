/** Amazon SNS: what the provider records for a topic after AWS reads it back. */
import type { AwsRule } from './rule';

/**
 * A standard topic's attributes as GetTopicAttributes gives them back: `FifoThroughputScope` belongs to FIFO
 * topics only and is absent, so the provider records an empty `fifo_throughput_scope` (rule
 * sns.fifo-attributes-read-back).
 */
export function snsTopicReadBack(attributes: Record<string, unknown>): Record<string, unknown> {
  return attributes.fifo_topic === true ? attributes : { ...attributes, fifo_throughput_scope: '' };
}

export const SNS_RULES: readonly AwsRule[] = [
  {
    id: 'sns.fifo-attributes-read-back',
    rule: 'GetTopicAttributes returns FifoThroughputScope (and ContentBasedDeduplication) for FIFO topics only; a standard topic read back has none, and the Terraform provider refuses a FIFO throughput scope on a standard topic.',
    source: 'GetTopicAttributes; SetTopicAttributes (Amazon SNS API Reference)',
  },
];
