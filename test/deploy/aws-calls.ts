/**
 * AWS API calls to the emulator, as plain HTTP: moto routes a request by the service named in its Authorization
 * header and does not check signatures, so the requests carry a well-formed header with a dummy signature and no
 * SDK is needed. Three protocols, as the services speak them: JSON (X-Amz-Target), query (form body, XML answer)
 * and REST-JSON (EventBridge Scheduler).
 */
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';

/** The JSON-protocol services used here: target prefix and content type of each. */
const JSON_SERVICES = {
  states: { prefix: 'AWSStepFunctions', version: '1.0' },
  events: { prefix: 'AWSEvents', version: '1.1' },
  ecs: { prefix: 'AmazonEC2ContainerServiceV20141113', version: '1.1' },
  ecr: { prefix: 'AmazonEC2ContainerRegistry_V20150921', version: '1.1' },
  logs: { prefix: 'Logs_20140328', version: '1.1' },
  kms: { prefix: 'TrentService', version: '1.1' },
  secretsmanager: { prefix: 'secretsmanager', version: '1.1' },
  sqs: { prefix: 'AmazonSQS', version: '1.0' },
} as const;

export type JsonService = keyof typeof JSON_SERVICES;

/** The query-protocol services used here and their API versions. */
const QUERY_SERVICES = { iam: '2010-05-08', ec2: '2016-11-15', sns: '2010-03-31', monitoring: '2010-08-01' } as const;

export type QueryService = keyof typeof QUERY_SERVICES;

export class AwsCallError extends Error {}

export interface Aws {
  readonly region: string;
  json<T = Record<string, unknown>>(service: JsonService, action: string, body?: Record<string, unknown>): Promise<T>;
  /** A query call; returns the XML answer. */
  query(service: QueryService, action: string, params?: Record<string, string>): Promise<string>;
  /** A REST call (GET unless `method` says otherwise) to `path`; returns the parsed JSON answer. */
  rest<T = Record<string, unknown>>(service: 'scheduler', path: string, method?: string): Promise<T>;
  /** A GET of `path` (S3, path style); returns the XML answer. */
  text(service: 's3', path: string): Promise<string>;
  /** A PUT of `body` at `path` (S3 PutObject, path style). */
  put(service: 's3', path: string, body: string): Promise<void>;
}

export function awsAt(endpoint: string, region: string): Aws {
  const authorization = (service: string) =>
    `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;
  async function send(service: string, what: string, init: { method: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<string> {
    const response = await fetch(`${endpoint}${init.path ?? '/'}`, { method: init.method, headers: { authorization: authorization(service), ...init.headers }, body: init.body });
    const text = await response.text();
    if (!response.ok) throw new AwsCallError(`${service} ${what}: HTTP ${response.status}: ${text.slice(0, 2000)}`);
    return text;
  }
  return {
    region,
    async json<T>(service: JsonService, action: string, body: Record<string, unknown> = {}): Promise<T> {
      const { prefix, version } = JSON_SERVICES[service];
      const text = await send(service, action, {
        method: 'POST',
        headers: { 'x-amz-target': `${prefix}.${action}`, 'content-type': `application/x-amz-json-${version}` },
        body: JSON.stringify(body),
      });
      return (text ? JSON.parse(text) : {}) as T;
    },
    query(service, action, params = {}) {
      const body = new URLSearchParams({ Action: action, Version: QUERY_SERVICES[service], ...params }).toString();
      return send(service, action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body });
    },
    async rest<T>(service: 'scheduler', path: string, method = 'GET'): Promise<T> {
      const text = await send(service, `${method} ${path}`, { method, path });
      return (text ? JSON.parse(text) : {}) as T;
    },
    text(service, path) {
      return send(service, `GET ${path}`, { method: 'GET', path });
    },
    async put(service, path, body) {
      await send(service, `PUT ${path}`, { method: 'PUT', path, headers: { 'content-type': 'application/json' }, body });
    },
  };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text of every `<tag>` element of an XML answer, entities decoded. */
export function xmlValues(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((match) =>
    match[1].replace(/&(#x?[0-9a-fA-F]+|\w+);/g, (entity, name: string) =>
      name.startsWith('#x') ? String.fromCodePoint(parseInt(name.slice(2), 16)) : name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : (ENTITIES[name] ?? entity),
    ),
  );
}
