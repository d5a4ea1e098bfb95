import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { bucketArn } from '../aws/s3';
import { tlsOnlyBucketPolicy } from '../builders/iam';
import { jsonAttribute } from './json-attribute';
import { resultsBucketName, type Naming } from '../builders/names';

/** Days a result is kept: long enough to redrive a failed execution and read what its steps reported. */
export const RESULTS_EXPIRATION_DAYS = 30;

export interface ResultsBucketProps {
  readonly naming: Naming;
  /** The environment's KMS key, which encrypts every result (SSE-KMS with an S3 Bucket Key). */
  readonly kmsKeyArn: string;
  /** Days before a result expires. @default 30 ({@link RESULTS_EXPIRATION_DAYS}) */
  readonly expirationDays?: number;
  /** Refuse `terraform destroy` of the bucket. @default false */
  readonly protectFromDestroy?: boolean;
}

/**
 * The environment's S3 bucket for the results steps hand to later steps (`<state machine>/<execution>/<step key>.json`):
 * encrypted by default with the environment key (SSE-KMS, S3 Bucket Key on: rule s3.sse-kms-default-encryption),
 * reachable over TLS only (rule s3.tls-only), every public access blocked, ACLs disabled (the bucket owner owns
 * every object), and objects expiring after `expirationDays`. Who may write and read which keys is granted on the
 * task and state machine roles (stacks/builders/iam.ts), not here.
 */
export class ResultsBucket extends Construct {
  readonly bucket: S3Bucket;
  /** The bucket's name, known before apply (stacks/builders/names.ts). */
  readonly bucketName: string;
  /** `arn:<partition>:s3:::<bucket>`, known before apply. */
  readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: ResultsBucketProps) {
    super(scope, id);
    const expirationDays = props.expirationDays ?? RESULTS_EXPIRATION_DAYS;
    const protect = props.protectFromDestroy ?? false;
    this.bucketName = resultsBucketName(props.naming);
    this.bucketArn = bucketArn(props.naming.partition, this.bucketName);

    this.bucket = new S3Bucket(this, 'Bucket', {
      bucket: this.bucketName,
      // Results are transient: an unprotected environment can be destroyed with the results still in it.
      forceDestroy: !protect,
      lifecycle: { preventDestroy: protect },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }],
    });
    new S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'Ownership', { bucket: this.bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketPolicy(this, 'Policy', { bucket: this.bucket.id, policy: jsonAttribute(this, tlsOnlyBucketPolicy(this.bucketArn)) });
    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'expire-results',
          status: 'Enabled',
          filter: [{}],
          expiration: [{ days: expirationDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });
  }
}
