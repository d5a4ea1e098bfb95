/**
 * One AWS limit or service contract that the product relies on. Every rule names the AWS documentation page
 * it comes from; config validation and the builders read the values from here, and docs/aws-rules.md lists every
 * rule in its "AWS limits and contracts" table (a test keeps the two in step).
 */
export interface AwsRule {
  /** Stable identifier, `<service>.<what>`, e.g. `iam.role-name-length`. */
  readonly id: string;
  /** What AWS requires, in one sentence: the wording of the rules table. */
  readonly rule: string;
  /** Title of the AWS documentation page that states it, with the guide it is in. */
  readonly source: string;
}
