// A fake of what a callback job talks to, on 127.0.0.1: the ECS container credentials endpoint and the Step
// Functions JSON API. It records every call with the headers that identify and sign it.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StatesCall {
  readonly target: string | undefined;
  readonly authorization: string | undefined;
  readonly securityToken: string | undefined;
  readonly body: Record<string, unknown>;
}

export interface FakeAws {
  /** AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_ENDPOINT_URL_SFN for the job, as seen from `host`. */
  readonly env: (host?: string) => Record<string, string>;
  readonly calls: readonly StatesCall[];
  close(): Promise<void>;
}

export const CREDENTIALS = { AccessKeyId: 'ASIAEXAMPLETASKROLE1', SecretAccessKey: 'secret/of/the/task/role', Token: 'session-token-of-the-task-role' };

export async function startFakeAws(): Promise<FakeAws> {
  const calls: StatesCall[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/credentials') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(CREDENTIALS));
        return;
      }
      const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
      calls.push({ target: header('x-amz-target'), authorization: header('authorization'), securityToken: header('x-amz-security-token'), body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    env: (host = '127.0.0.1') => ({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://${host}:${port}/credentials`, AWS_ENDPOINT_URL_SFN: `http://${host}:${port}/` }),
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
