// One S3 PutObject, signed with Signature Version 4 by the task role's credentials from the ECS container
// credentials endpoint. Node's own fetch and crypto: no runtime dependency. (The notifier's signer signs GET and
// POST only, and notifier/ is its own; this one signs the PUT the same way.)
import { createHash, createHmac } from 'node:crypto';
import { amzDateOf, type Credentials, type StatesDeps } from '../../../notifier/src/execution';

const DNS_SUFFIX: Readonly<Record<string, string>> = { aws: 'amazonaws.com', 'aws-cn': 'amazonaws.com.cn', 'aws-us-gov': 'amazonaws.com' };

const sha256 = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/**
 * The headers of a PUT signed with AWS Signature Version 4 ("Create a signed AWS API request", IAM User Guide;
 * "Authenticating Requests (AWS Signature Version 4)", Amazon S3 API Reference: S3 also signs x-amz-content-sha256).
 */
export function signPut(host: string, path: string, headers: Readonly<Record<string, string>>, body: string, credentials: Credentials, region: string, amzDate: string): Record<string, string> {
  const date = amzDate.slice(0, 8);
  const all: Record<string, string> = {
    ...headers,
    host,
    'x-amz-content-sha256': sha256(body),
    'x-amz-date': amzDate,
    ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),
  };
  const names = Object.keys(all).sort();
  const signedHeaders = names.join(';');
  const canonical = ['PUT', path, '', ...names.map((name) => `${name}:${all[name].trim()}`), '', signedHeaders, all['x-amz-content-sha256']].join('\n');
  const scope = `${date}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date), region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  return { ...all, authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}` };
}

/**
 * The task role's credentials, from the ECS container credentials endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
 * as ECS sets it), or from AWS_CONTAINER_CREDENTIALS_FULL_URI on a loopback address, as the AWS SDKs accept it.
 */
async function containerCredentials(deps: StatesDeps): Promise<Credentials> {
  const relative = deps.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
  const full = deps.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  const url = relative !== undefined ? `http://169.254.170.2${relative}` : full !== undefined && /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(full) ? full : undefined;
  if (url === undefined) throw new Error('no task role credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)');
  const response = await deps.fetch(url, { signal: deps.signal });
  if (!response.ok) throw new Error(`credentials endpoint answered ${response.status}`);
  const raw = (await response.json()) as { AccessKeyId?: string; SecretAccessKey?: string; Token?: string };
  if (!raw.AccessKeyId || !raw.SecretAccessKey) throw new Error('credentials endpoint gave no keys');
  return { accessKeyId: raw.AccessKeyId, secretAccessKey: raw.SecretAccessKey, sessionToken: raw.Token };
}

/** A key's path, each segment URI-encoded once, as S3 signs it (S3 does not encode the path a second time). */
function encodedKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/**
 * PutObject of `body` at `key` in `bucket`, in the region and partition of `arn` (the execution's), answered 200
 * with an ETag when stored (rule s3.put-object). No encryption header: the bucket's default encryption (SSE-KMS with
 * the environment key) applies, whereas `x-amz-server-side-encryption: aws:kms` without a key ID would use the AWS
 * managed key aws/s3 (rule s3.sse-kms-default-encryption). AWS_ENDPOINT_URL_S3, the AWS SDKs' service-specific
 * endpoint variable, replaces the endpoint, then addressed path-style. Returns the ETag; throws on any other answer.
 */
export async function putObject(bucket: string, key: string, body: string, arn: string, deps: StatesDeps): Promise<string> {
  const [, partition, , region] = arn.split(':');
  const suffix = DNS_SUFFIX[partition];
  if (suffix === undefined || !region) throw new Error(`no partition or region in ${arn}`);
  const credentials = await containerCredentials(deps);
  const override = deps.env.AWS_ENDPOINT_URL_S3;
  const endpoint = new URL(override ?? `https://${bucket}.s3.${region}.${suffix}/`);
  const path = override ? `/${bucket}/${encodedKey(key)}` : `/${encodedKey(key)}`;
  const headers = signPut(endpoint.host, path, { 'content-type': 'application/json' }, body, credentials, region, amzDateOf(deps.nowMs()));
  const response = await deps.fetch(new URL(path, endpoint).href, { method: 'PUT', headers, body, signal: deps.signal });
  if (response.status !== 200) throw new Error(`PutObject answered ${response.status}`);
  return response.headers.get('etag') ?? '';
}
