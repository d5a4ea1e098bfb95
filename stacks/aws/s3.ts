/**
 * Amazon S3 contracts the results of steps rely on, and a small model of what S3 answers to the two calls they
 * make (PutObject by a result step's container, GetObject by the state machine), each answer with the page it
 * comes from. The tests' fake S3 answers from this model only.
 */
import { createHash } from 'node:crypto';
import type { AwsRule } from './rule';

/** The Step Functions AWS SDK integration that reads a result back (rule states.sdk-error-names). */
export const SDK_GET_OBJECT = 'arn:aws:states:::aws-sdk:s3:getObject';
/** The resource of a Distributed Map's ResultWriter (rule states.result-writer). */
export const RESULT_WRITER_PUT_OBJECT = 'arn:aws:states:::s3:putObject';
/** The resource of a Distributed Map's ItemReader over one S3 object (rule states.item-reader-json). */
export const ITEM_READER_GET_OBJECT = 'arn:aws:states:::s3:getObject';

export const S3_RULES: readonly AwsRule[] = [
  {
    id: 'states.result-writer',
    rule: 'A Distributed Map with a ResultWriter writes, under <Prefix>/<map run id>/, a manifest.json and the items\' outcomes by status (SUCCEEDED_n.json, FAILED_n.json, PENDING_n.json); the state machine role needs s3:PutObject, s3:GetObject, s3:ListMultipartUploadParts and s3:AbortMultipartUpload there, and the Map state\'s output becomes the MapRunArn and the ResultWriterDetails (bucket and manifest key).',
    source: 'ResultWriter (Map); IAM policies for using Distributed Map states (Step Functions Developer Guide)',
  },
  {
    id: 's3.put-object',
    rule: 'PutObject answers 200 with an ETag header; the ETag of an object encrypted with SSE-KMS is not the MD5 digest of its data. A PUT replaces an object of the same key whole.',
    source: 'PutObject (Amazon Simple Storage Service API Reference); Checking object integrity (Amazon S3 User Guide)',
  },
  {
    id: 's3.get-object-missing-key',
    rule: 'GetObject of a key that does not exist answers 404 NoSuchKey when the requester has s3:ListBucket on the bucket, else 403 AccessDenied.',
    source: 'GetObject (Amazon Simple Storage Service API Reference)',
  },
  {
    id: 's3.strong-consistency',
    rule: 'After a successful PutObject, every GetObject of that key returns the new object (strong read-after-write consistency).',
    source: 'Amazon S3 data consistency model (Amazon S3 User Guide)',
  },
  {
    id: 's3.sse-kms-default-encryption',
    rule: 'With default encryption SSE-KMS and a customer managed key, an object put without encryption headers is encrypted with that key; a PutObject with x-amz-server-side-encryption: aws:kms and no key ID uses the AWS managed key aws/s3 instead. The requester needs kms:GenerateDataKey on the key to put an object and kms:Decrypt to get it; with an S3 Bucket Key the encryption context is the bucket ARN.',
    source: 'PutObject (Amazon Simple Storage Service API Reference); Using server-side encryption with AWS KMS keys (SSE-KMS) and Reducing the cost of SSE-KMS with Amazon S3 Bucket Keys (Amazon S3 User Guide)',
  },
  {
    id: 's3.tls-only',
    rule: 'A bucket policy statement that denies s3:* when aws:SecureTransport is false refuses every request not made over HTTPS.',
    source: 'Security best practices for Amazon S3 (Amazon S3 User Guide)',
  },
  {
    id: 's3.object-arn',
    rule: 'An object is authorized as arn:<partition>:s3:::<bucket>/<key>; in a policy resource, * matches any run of characters, / included; s3:PutObject and s3:GetObject are authorized on the object ARN, s3:ListBucket on the bucket ARN with the condition key s3:prefix.',
    source: 'Policy resources for Amazon S3 and Actions, resources, and condition keys for Amazon S3 (Service Authorization Reference)',
  },
];

/** `arn:<partition>:s3:::<bucket>`; S3 ARNs name no region or account (rule s3.object-arn). */
export function bucketArn(partition: string, bucket: string): string {
  return `arn:${partition}:s3:::${bucket}`;
}

/** What S3 answers to one call: an HTTP status, the headers the caller reads, and the error code if any. */
export interface S3Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly errorCode?: string;
  /** The object's data (GetObject). */
  readonly body?: string;
}

/** One bucket, in memory: PutObject and GetObject as the API reference describes them. */
export class S3BucketModel {
  private readonly objects = new Map<string, string>();

  /**
   * PutObject (rule s3.put-object): 200 with an ETag; the object is then read back whole (rule s3.strong-consistency).
   * The ETag of an SSE-KMS object is opaque: here a digest of the data that is not its MD5.
   */
  putObject(key: string, body: string): S3Answer {
    this.objects.set(key, body);
    const etag = createHash('sha256').update(`${key}\0${body}`).digest('hex').slice(0, 32);
    return { status: 200, headers: { etag: `"${etag}"` } };
  }

  /** GetObject (rule s3.get-object-missing-key): the data, or NoSuchKey / AccessDenied depending on s3:ListBucket. */
  getObject(key: string, requesterMayListBucket: boolean): S3Answer {
    const body = this.objects.get(key);
    if (body !== undefined) return { status: 200, headers: { 'content-type': 'application/json' }, body };
    return requesterMayListBucket ? { status: 404, headers: {}, errorCode: 'NoSuchKey' } : { status: 403, headers: {}, errorCode: 'AccessDenied' };
  }

  keys(): string[] {
    return [...this.objects.keys()];
  }
}

/**
 * The error a Step Functions AWS SDK integration task fails with for an S3 error code: `S3.` and the code, with
 * the `Exception` suffix Step Functions adds where the API reference's name has none (its example:
 * CreateBucket's `BucketAlreadyExists` is `S3.BucketAlreadyExistsException`; rule states.sdk-error-names).
 */
export function sdkIntegrationError(errorCode: string): string {
  return `S3.${errorCode.endsWith('Exception') ? errorCode : `${errorCode}Exception`}`;
}

/** What a Step Functions `aws-sdk:s3:getObject` task returns for an S3 answer (rule states.sdk-s3-get-object-body). */
export interface SdkGetObjectOutput {
  readonly Body: string;
  readonly ContentType?: string;
}

/**
 * The outcome of an `aws-sdk:s3:getObject` task for an S3 answer: its output (the data as the string `Body`), or
 * the error the task fails with (rule states.sdk-error-names).
 */
export function sdkGetObjectOutcome(answer: S3Answer): { readonly output: SdkGetObjectOutput } | { readonly error: string } {
  if (answer.errorCode !== undefined || answer.body === undefined) return { error: sdkIntegrationError(answer.errorCode ?? 'S3') };
  return { output: { Body: answer.body, ...(answer.headers['content-type'] ? { ContentType: answer.headers['content-type'] } : {}) } };
}
