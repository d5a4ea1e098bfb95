import { DEFAULT_RETRY, parseWebhookUrl, readConfig, workflowOf } from '../../notifier/src/config';

const URL_OK = 'https://hooks.slack.com/services/T000/B000/secretsecret';

function problemsOf(env: Record<string, string>, argv: string[] = []): string[] {
  const result = readConfig(env, argv);
  if (result.ok) throw new Error('expected problems');
  return [...result.problems];
}

describe('parseWebhookUrl', () => {
  it.each([
    URL_OK,
    'http://127.0.0.1:8080/services/x',
    'http://localhost/services/x',
    'http://[::1]:9/services/x',
  ])('accepts %s', (raw) => {
    expect(parseWebhookUrl(raw)).toBeInstanceOf(URL);
  });

  it.each<[string | undefined, RegExp]>([
    [undefined, /missing/],
    ['   ', /missing/],
    ['http://hooks.slack.com/services/T000/B000/secretsecret', /must use https.*host was hooks\.slack\.com/],
    ['http://127.0.0.2/services/T000/B000/secretsecret', /must use https/],
    ['ftp://127.0.0.1/services/T000/B000/secretsecret', /scheme was ftp/],
    ['hooks.slack.com/services/T000/B000/secretsecret', /not a valid absolute URL/],
    ['https://user:pw@hooks.slack.com/services/T000/B000/secretsecret', /credentials/],
  ])('rejects %s without quoting its path', (raw, problem) => {
    const result = parseWebhookUrl(raw);
    expect(typeof result).toBe('string');
    expect(result).toMatch(problem);
    expect(result).not.toContain('secretsecret');
  });
});

describe('readConfig', () => {
  it('GIVEN only a URL and text THEN it uses the default retry settings', () => {
    const result = readConfig({ SLACK_WEBHOOK_URL: URL_OK, NOTIFY_TEXT: 'hi' }, []);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.retry).toEqual(DEFAULT_RETRY);
    expect(result.config.retry).toMatchObject({ maxAttempts: 5, attemptTimeoutMs: 5000, deadlineMs: 60000 });
    expect(result.config.input.text).toBe('hi');
  });

  it('reads every input and retry knob', () => {
    const result = readConfig(
      {
        SLACK_WEBHOOK_URL: URL_OK,
        NOTIFY_STATUS: 'failed',
        WORKFLOW_NAME: ' nightly ',
        EXECUTION_ARN: 'arn:aws:states:us-east-1:123456789012:execution:sm:run',
        STEP_NAME: 'Import',
        ERROR: 'States.TaskFailed',
        CAUSE: 'boom',
        AWS_REGION: 'us-east-1',
        NOTIFY_MAX_ATTEMPTS: '3',
        NOTIFY_ATTEMPT_TIMEOUT_MS: '250',
        NOTIFY_DEADLINE_MS: '1000',
        NOTIFY_BACKOFF_BASE_MS: '10',
        NOTIFY_BACKOFF_MAX_MS: '20',
      },
      ['argument text'],
    );
    expect(result).toEqual({
      ok: true,
      config: {
        webhookUrl: new URL(URL_OK),
        input: {
          text: 'argument text',
          status: 'FAILED',
          workflowName: 'nightly',
          executionArn: 'arn:aws:states:us-east-1:123456789012:execution:sm:run',
          stepName: 'Import',
          error: 'States.TaskFailed',
          cause: 'boom',
          region: 'us-east-1',
        },
        retry: { maxAttempts: 3, attemptTimeoutMs: 250, deadlineMs: 1000, backoffBaseMs: 10, backoffMaxMs: 20 },
      },
    });
  });

  it('falls back to NOTIFY_TEXT when the argument is empty', () => {
    const result = readConfig({ SLACK_WEBHOOK_URL: URL_OK, NOTIFY_TEXT: 'env text' }, ['']);
    expect(result.ok && result.config.input.text).toBe('env text');
  });

  it('accepts a status alone as something to say', () => {
    expect(readConfig({ SLACK_WEBHOOK_URL: URL_OK, NOTIFY_STATUS: 'STARTED' }, []).ok).toBe(true);
  });

  it('GIVEN several problems THEN it names each with the bad value and the allowed range', () => {
    const problems = problemsOf({
      SLACK_WEBHOOK_URL: 'http://example.com/services/secretsecret',
      NOTIFY_MAX_ATTEMPTS: '0',
      NOTIFY_ATTEMPT_TIMEOUT_MS: '1.5',
      NOTIFY_DEADLINE_MS: '-1',
      NOTIFY_BACKOFF_BASE_MS: '100',
      NOTIFY_BACKOFF_MAX_MS: '10',
    });
    expect(problems).toEqual([
      expect.stringMatching(/SLACK_WEBHOOK_URL must use https/),
      'NOTIFY_MAX_ATTEMPTS must be a whole number from 1 to 20 (got "0")',
      'NOTIFY_ATTEMPT_TIMEOUT_MS must be a whole number from 1 to 120000 (got "1.5")',
      'NOTIFY_DEADLINE_MS must be a whole number from 1 to 900000 (got "-1")',
      'NOTIFY_BACKOFF_MAX_MS (10) must not be below NOTIFY_BACKOFF_BASE_MS (100)',
      expect.stringMatching(/nothing to say/),
    ]);
  });

  it('rejects more than one argument', () => {
    expect(problemsOf({ SLACK_WEBHOOK_URL: URL_OK }, ['a', 'b'])).toEqual(['expected at most one argument (the text), got 2']);
  });
});

describe('readConfig from an execution alert (the EventBridge input transformer of stacks/execution-alerts.ts)', () => {
  const ALERT_ARN = 'arn:aws:states:ap-northeast-1:123456789012:execution:wf-dev-nightly:run-1';
  const inputOf = (extra: Record<string, string>) => {
    const result = readConfig({ SLACK_WEBHOOK_URL: URL_OK, NOTIFY_STATUS: 'FAILED', EXECUTION_ARN: ALERT_ARN, STATE_MACHINE_PREFIX: 'wf-dev-', ...extra }, []);
    if (!result.ok) throw new Error(result.problems.join('; '));
    return result.config.input;
  };

  it('GIVEN the environment prefix THEN the workflow is the state machine name after it', () => {
    expect(inputOf({}).workflowName).toBe('nightly');
    expect(inputOf({ WORKFLOW_NAME: 'given' }).workflowName).toBe('given');
    expect(inputOf({ STATE_MACHINE_PREFIX: 'other-' }).workflowName).toBeUndefined();
    expect(workflowOf('not-an-arn', 'wf-dev-')).toBeUndefined();
  });

  it('GIVEN a missing or null error (an aborted or succeeded execution) THEN there is no error', () => {
    expect(inputOf({ ERROR: 'null' }).error).toBeUndefined();
    expect(inputOf({ ERROR: '' }).error).toBeUndefined();
    expect(inputOf({ ERROR: 'States.Timeout' }).error).toBe('States.Timeout');
  });

  it('GIVEN a redrive count THEN it is a number; anything else is no count', () => {
    expect(inputOf({ REDRIVE_COUNT: '2' }).redriveCount).toBe(2);
    expect(inputOf({ REDRIVE_COUNT: '0' }).redriveCount).toBe(0);
    for (const value of ['', 'null', '-1', 'two']) expect(inputOf({ REDRIVE_COUNT: value }).redriveCount).toBeUndefined();
  });
});
