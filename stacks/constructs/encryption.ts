import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { kmsKeyPolicy } from '../builders/iam';
import { jsonAttribute } from './json-attribute';
import { keyAliasName, type Naming } from '../builders/names';

export interface EncryptionKeyProps {
  readonly naming: Naming;
  /** Refuse `terraform destroy` of the key. @default false */
  readonly protectFromDestroy?: boolean;
}

/** The environment's customer-managed KMS key (rotated yearly) for the image repository and log groups. */
export class EncryptionKey extends Construct {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const { naming } = props;
    this.key = new KmsKey(this, 'Key', {
      description: `${naming.prefix}: images and logs`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: jsonAttribute(this, kmsKeyPolicy(naming)),
      lifecycle: { preventDestroy: props.protectFromDestroy ?? false },
    });
    new KmsAlias(this, 'Alias', { name: keyAliasName(naming), targetKeyId: this.key.keyId });
  }
}
