/** AWS KMS limits and contracts. */
import type { AwsRule } from './rule';

/** Characters of a key ID: a UUID, or `mrk-` and 32 hexadecimal digits for a multi-Region key. */
export const KEY_ID_LENGTH = 36;

/** A key ARN: `arn:<partition>:kms:<region>:<account>:key/<key ID>` (rule kms.key-id). */
export const KEY_ARN = /^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):key\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

export const KMS_RULES: readonly AwsRule[] = [
  {
    id: 'kms.key-id',
    rule: `A key ID is ${KEY_ID_LENGTH} characters, a UUID such as 1234abcd-12ab-34cd-56ef-1234567890ab (mrk- and 32 hexadecimal digits for a multi-Region key); a key ARN ends in key/ and the key ID.`,
    source: 'Key identifiers (KeyId) (AWS Key Management Service Developer Guide)',
  },
];
