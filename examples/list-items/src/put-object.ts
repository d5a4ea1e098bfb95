// One S3 PutObject, signed with Signature Version 4 by the task role's credentials from the ECS container
// credentials endpoint, with the notifier's signer and credentials (notifier/src/execution.ts). Node's own fetch
// and crypto: no runtime dependency.
import { createHash } from 'node:crypto';
import { amzDateOf, containerCredentials, DNS_SUFFIX, signV4, type StatesDeps } from '../../../notifier/src/execution';

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
  // S3 also signs the payload's hash as x-amz-content-sha256 ("Authenticating Requests (AWS Signature Version 4)",
  // Amazon S3 API Reference).
  const payloadHash = createHash('sha256').update(body, 'utf8').digest('hex');
  const headers = signV4(
    { method: 'PUT', host: endpoint.host, path, headers: { 'content-type': 'application/json', 'x-amz-content-sha256': payloadHash }, body },
    credentials,
    region,
    's3',
    amzDateOf(deps.nowMs()),
  );
  const response = await deps.fetch(new URL(path, endpoint).href, { method: 'PUT', headers, body, signal: deps.signal });
  if (response.status !== 200) throw new Error(`PutObject answered ${response.status}`);
  return response.headers.get('etag') ?? '';
}
