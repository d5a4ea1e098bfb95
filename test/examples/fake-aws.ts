// A fake of what the example result job talks to, on 127.0.0.1: the ECS container credentials endpoint and S3
// (path-style PutObject), which answers from the model of stacks/aws/s3.ts. It records every call with the headers
// that identify and sign it.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3BucketModel } from '../../stacks/aws/s3';

export interface S3Call {
  readonly method: string | undefined;
  readonly bucket: string;
  readonly key: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export interface FakeAws {
  /** AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_ENDPOINT_URL_S3 for the job, as seen from `host`. */
  readonly env: (host?: string) => Record<string, string>;
  readonly calls: readonly S3Call[];
  /** The bucket the calls write to, by name. */
  readonly bucket: (name: string) => S3BucketModel;
  close(): Promise<void>;
}

export const CREDENTIALS = { AccessKeyId: 'ASIAEXAMPLETASKROLE1', SecretAccessKey: 'secret/of/the/task/role', Token: 'session-token-of-the-task-role' };

export async function startFakeAws(): Promise<FakeAws> {
  const calls: S3Call[] = [];
  const buckets = new Map<string, S3BucketModel>();
  const bucket = (name: string) => buckets.get(name) ?? buckets.set(name, new S3BucketModel()).get(name) ?? new S3BucketModel();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/credentials') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(CREDENTIALS));
        return;
      }
      const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
      const [, name = '', ...segments] = (req.url ?? '/').split('/');
      const key = segments.map(decodeURIComponent).join('/');
      const body = Buffer.concat(chunks).toString('utf8');
      const names = ['authorization', 'x-amz-security-token', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-server-side-encryption', 'content-type'];
      calls.push({ method: req.method, bucket: name, key, headers: Object.fromEntries(names.map((n) => [n, header(n)])), body });
      if (req.method !== 'PUT') {
        res.writeHead(405).end();
        return;
      }
      const answer = bucket(name).putObject(key, body);
      res.writeHead(answer.status, { ...answer.headers }).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    env: (host = '127.0.0.1') => ({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://${host}:${port}/credentials`, AWS_ENDPOINT_URL_S3: `http://${host}:${port}/` }),
    calls,
    bucket,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
