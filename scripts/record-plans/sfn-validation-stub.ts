/**
 * A loopback stand-in for the one AWS call `terraform plan` makes here: the AWS provider validates a state
 * machine definition with `states:ValidateStateMachineDefinition` as soon as the definition is known. The
 * stub answers it by running asl-validator on the definition, so a broken definition still fails the plan.
 * Any other call gets an error naming it.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import aslValidator from 'asl-validator';

export interface SfnStub {
  readonly url: string;
  /** Definitions validated so far. */
  readonly validated: () => number;
  close(): Promise<void>;
}

const TARGET = 'AWSStepFunctions.ValidateStateMachineDefinition';

/** The answer of ValidateStateMachineDefinition to a definition: asl-validator's verdict, as Step Functions words it. */
function validate(text: string): string {
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    return JSON.stringify({ result: 'FAIL', diagnostics: [{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: String(error) }] });
  }
  const result = aslValidator(definition, { checkArn: false, checkPaths: true });
  const diagnostics = result.errors.map((error) => ({ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: error.message ?? 'invalid' }));
  return JSON.stringify({ result: result.isValid ? 'OK' : 'FAIL', diagnostics, truncated: false });
}

export async function startSfnStub(): Promise<SfnStub> {
  let validated = 0;
  // The plans of one scenario send the same definitions again and again (each plan validates every known one),
  // and asl-validator compiles its JSON schemas anew on every call: each distinct definition is validated once.
  const answers = new Map<string, string>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      response.setHeader('content-type', 'application/x-amz-json-1.0');
      if (target !== TARGET) {
        response.statusCode = 400;
        response.end(JSON.stringify({ __type: 'UnknownOperationException', message: `the offline stub only answers ${TARGET}, not ${String(target)}` }));
        return;
      }
      validated++;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { definition?: string };
      const text = body.definition ?? '';
      let answer = answers.get(text);
      if (answer === undefined) {
        answer = validate(text);
        answers.set(text, answer);
      }
      response.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    validated: () => validated,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
