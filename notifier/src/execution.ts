// What an execution alert cannot carry: the failure's cause (up to 32,768 characters, more than the 8,192 of
// container overrides) and the step that failed. The notifier reads them with DescribeExecution, signed with
// Signature Version 4 by the task role's credentials from the ECS container credentials endpoint. Node's own
// fetch and crypto only: no runtime dependency.
import { createHash, createHmac } from 'node:crypto';
import type { FanOutSummary } from './config';
import { summarizeCause } from './message';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface SignedRequest {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly host: string;
  readonly path: string;
  /** Header names in lower case; `host` and `x-amz-date` are added. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const sha256 = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/**
 * The headers of a request signed with AWS Signature Version 4 ("Create a signed AWS API request", IAM User
 * Guide): canonical request, string to sign, signing key derived from the date, region and service.
 */
export function signV4(request: SignedRequest, credentials: Credentials, region: string, service: string, amzDate: string): Record<string, string> {
  const date = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    ...request.headers,
    host: request.host,
    'x-amz-date': amzDate,
    ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),
  };
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const canonical = [request.method, request.path, '', ...names.map((name) => `${name}:${headers[name].trim()}`), '', signedHeaders, sha256(request.body)].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date), region), service), 'aws4_request');
  const signature = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  return { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}` };
}

/** `20261129T093000Z` from a time in milliseconds. */
export function amzDateOf(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export interface ExecutionDetails {
  readonly error?: string;
  readonly cause?: string;
  /** The step whose ECS task failed, from the task's group (`family:<prefix>-<workflow>-<step>`) in the cause. */
  readonly stepName?: string;
}

/** The step named by an ECS task failure's cause (the stopped task as JSON, rule states.ecs-task-failed), or undefined. */
export function stepOfCause(cause: string | undefined, familyPrefix: string): string | undefined {
  const summary = cause === undefined ? undefined : summarizeCause(cause);
  const group = summary?.kind === 'stopped-task' ? summary.group : undefined;
  if (group === undefined || !group.startsWith(`family:${familyPrefix}`)) return undefined;
  const step = group.slice(`family:${familyPrefix}`.length);
  return step === '' ? undefined : step;
}

/**
 * DescribeExecution of one execution, with the task role's credentials. Throws on anything unexpected: the caller
 * sends the message without the details then.
 */
export async function describeExecution(executionArn: string, deps: StatesDeps): Promise<Pick<ExecutionDetails, 'error' | 'cause'>> {
  const execution = (await callStepFunctions('DescribeExecution', { executionArn }, executionArn, deps)) as { error?: unknown; cause?: unknown };
  return {
    error: typeof execution.error === 'string' ? execution.error : undefined,
    cause: typeof execution.cause === 'string' ? execution.cause : undefined,
  };
}

/**
 * The execution's Distributed Map Runs and their item counts (ListMapRuns, DescribeMapRun: Step Functions API
 * Reference). A Map Run's ARN is `arn:...:mapRun:<state machine>/<label>:<id>`, the label being the Map state's
 * name; with `resultsPrefixOf`, where its ResultWriter wrote each item's outcome (`<prefix>/<id>/`).
 */
export async function fanOutSummaries(executionArn: string, deps: StatesDeps, resultsPrefixOf?: (step: string) => string): Promise<FanOutSummary[]> {
  const listed = (await callStepFunctions('ListMapRuns', { executionArn }, executionArn, deps)) as { mapRuns?: { mapRunArn?: unknown }[] };
  const summaries: FanOutSummary[] = [];
  for (const run of listed.mapRuns ?? []) {
    if (typeof run.mapRunArn !== 'string') continue;
    const described = (await callStepFunctions('DescribeMapRun', { mapRunArn: run.mapRunArn }, run.mapRunArn, deps)) as { itemCounts?: { failed?: unknown; total?: unknown } };
    const [, label, id] = /:mapRun:[^/]+\/(.+):([^:]+)$/.exec(run.mapRunArn) ?? [];
    const failed = typeof described.itemCounts?.failed === 'number' ? described.itemCounts.failed : 0;
    const total = typeof described.itemCounts?.total === 'number' ? described.itemCounts.total : 0;
    if (label === undefined) continue;
    summaries.push({ step: label, failed, total, ...(resultsPrefixOf ? { resultsLocation: `${resultsPrefixOf(label)}/${id}/` } : {}) });
  }
  return summaries;
}

export interface StatesDeps {
  readonly fetch: typeof fetch;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly nowMs: () => number;
  readonly signal: AbortSignal;
}

/** The DNS suffix of each partition's service endpoints. */
export const DNS_SUFFIX: Readonly<Record<string, string>> = { aws: 'amazonaws.com', 'aws-cn': 'amazonaws.com.cn', 'aws-us-gov': 'amazonaws.com' };

/**
 * The task role's credentials, from the ECS container credentials endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
 * as ECS sets it), or from AWS_CONTAINER_CREDENTIALS_FULL_URI on a loopback address, as the AWS SDKs accept it.
 */
export async function containerCredentials(deps: StatesDeps): Promise<Credentials> {
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

const fetchedCredentials = new WeakMap<StatesDeps, Promise<Credentials>>();

/** The credentials of these dependencies, fetched from the endpoint once for all the calls made with them. */
function credentialsOnce(deps: StatesDeps): Promise<Credentials> {
  let credentials = fetchedCredentials.get(deps);
  if (!credentials) {
    credentials = containerCredentials(deps);
    fetchedCredentials.set(deps, credentials);
  }
  return credentials;
}

/**
 * One Step Functions API call (JSON 1.0 protocol), signed with the task role's credentials, in the region and
 * partition of `arn`. AWS_ENDPOINT_URL_SFN, the AWS SDKs' service-specific endpoint variable, replaces the endpoint.
 * Returns the response's JSON; throws on any other answer than 200.
 */
export async function callStepFunctions(action: string, payload: object, arn: string, deps: StatesDeps): Promise<unknown> {
  const [, partition, , region] = arn.split(':');
  const suffix = DNS_SUFFIX[partition];
  if (suffix === undefined || !region) throw new Error(`no partition or region in ${arn}`);
  const credentials = await credentialsOnce(deps);
  const endpoint = new URL(deps.env.AWS_ENDPOINT_URL_SFN ?? `https://states.${region}.${suffix}/`);
  const body = JSON.stringify(payload);
  const headers = signV4(
    { method: 'POST', host: endpoint.host, path: '/', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${action}` }, body },
    credentials,
    region,
    'states',
    amzDateOf(deps.nowMs()),
  );
  const response = await deps.fetch(new URL('/', endpoint).href, { method: 'POST', headers, body, signal: deps.signal });
  if (!response.ok) throw new Error(`${action} answered ${response.status}`);
  return response.json();
}
