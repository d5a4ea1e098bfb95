import { DEFAULT_RETRY, parseWebhookUrl, readConfig, workflowOf } from '../../notifier/src/config';

const URL_OK = 'https://hooks.slack.com/services/T000/B000/secretsecret';

function refusalOf(env: Record<string, string>, argv: string[] = []): { reason: string; problems: string[] } {
  const result = readConfig(env, argv);
  if (result.ok) throw new Error('expected problems');
  return { reason: result.reason, problems: [...result.problems] };
}

function problemsOf(env: Record<string, string>, argv: string[] = []): string[] {
  return refusalOf(env, argv).problems;
}

describe('parseWebhookUrl', () => {
  it.each([
    URL_OK,
    'https://hooks.slack-gov.com/services/T000/B000/secretsecret',
    ` ${URL_OK}\n`,
    'http://127.0.0.1:8080/services/x',
    'http://localhost/services/x',
    'http://[::1]:9/services/x',
  ])('accepts %s', (raw) => {
    expect(parseWebhookUrl(raw)).toBeInstanceOf(URL);
  });

  it.each<[string | undefined]>([[undefined], [''], ['   '], ['\n']])('GIVEN %j THEN the webhook secret is empty', (raw) => {
    const result = parseWebhookUrl(raw);
    expect(result).toEqual({ reason: 'webhook_secret_empty', problem: expect.stringMatching(/SLACK_WEBHOOK_URL is missing or blank: put the incoming webhook URL/) });
  });

  it.each<[string, RegExp]>([
    ['http://hooks.slack.com/services/T000/B000/secretsecret', /must use https.*host was hooks\.slack\.com/],
    ['http://127.0.0.2/services/T000/B000/secretsecret', /must use https/],
    ['ftp://127.0.0.1/services/T000/B000/secretsecret', /scheme was ftp/],
    ['hooks.slack.com/services/T000/B000/secretsecret', /not a valid absolute URL/],
    ['https://user:pw@hooks.slack.com/services/T000/B000/secretsecret', /credentials/],
    ['https://example.com/services/T000/B000/secretsecret', /must be a Slack incoming webhook on hooks\.slack\.com or hooks\.slack-gov\.com \(host was example\.com\)/],
    ['https://hooks.slack.com.example.com/services/T000/B000/secretsecret', /host was hooks\.slack\.com\.example\.com/],
    ['https://hooks.slack.com:8443/services/T000/B000/secretsecret', /host was hooks\.slack\.com:8443/],
    ['https://hooks.slack.com/workflows/T000/A000/123/secretsecret', /must be an incoming webhook URL, https:\/\/hooks\.slack\.com\/services\/<workspace>\/<service>\/<secret>/],
    ['https://hooks.slack.com/services/T000/B000', /must be an incoming webhook URL/],
    ['https://hooks.slack.com/services/T000/B000/secretsecret?x=1', /must be an incoming webhook URL/],
  ])('GIVEN %s THEN it is not a Slack webhook, said without quoting its path', (raw, problem) => {
    const result = parseWebhookUrl(raw);
    expect(result).toEqual({ reason: 'webhook_not_slack', problem: expect.stringMatching(problem) });
    expect(JSON.stringify(result)).not.toContain('secretsecret');
  });
});

describe('readConfig', () => {
  it('GIVEN only a URL and text THEN it uses the default retry settings', () => {
    const result = readConfig({ SLACK_WEBHOOK_URL: URL_OK, NOTIFY_TEXT: 'hi' }, []);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.retry).toEqual(DEFAULT_RETRY);
    // at least 10 minutes, to ride out a Slack incident (issue: "The notifier keeps trying long enough")
    expect(result.config.retry.deadlineMs).toBeGreaterThanOrEqual(10 * 60_000);
    expect(result.config.retry).toEqual({ maxAttempts: 100, attemptTimeoutMs: 5000, deadlineMs: 900_000, backoffBaseMs: 1000, backoffMaxMs: 60_000 });
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
      'NOTIFY_MAX_ATTEMPTS must be a whole number from 1 to 1000 (got "0")',
      'NOTIFY_ATTEMPT_TIMEOUT_MS must be a whole number from 1 to 120000 (got "1.5")',
      'NOTIFY_DEADLINE_MS must be a whole number from 1 to 3600000 (got "-1")',
      'NOTIFY_BACKOFF_MAX_MS (10) must not be below NOTIFY_BACKOFF_BASE_MS (100)',
      expect.stringMatching(/nothing to say/),
    ]);
  });

  it('rejects more than one argument', () => {
    expect(problemsOf({ SLACK_WEBHOOK_URL: URL_OK }, ['a', 'b'])).toEqual(['expected at most one argument (the text), got 2']);
  });

  it('names the webhook first among the reasons: empty, then not Slack, then any other problem', () => {
    expect(refusalOf({ SLACK_WEBHOOK_URL: ' ', NOTIFY_MAX_ATTEMPTS: 'x' }).reason).toBe('webhook_secret_empty');
    expect(refusalOf({ NOTIFY_TEXT: 'hi' }).reason).toBe('webhook_secret_empty');
    expect(refusalOf({ SLACK_WEBHOOK_URL: 'https://example.com/services/T0/B0/X', NOTIFY_MAX_ATTEMPTS: 'x' }).reason).toBe('webhook_not_slack');
    expect(refusalOf({ SLACK_WEBHOOK_URL: URL_OK, NOTIFY_MAX_ATTEMPTS: 'x', NOTIFY_TEXT: 'hi' })).toEqual({
      reason: 'bad_input',
      problems: ['NOTIFY_MAX_ATTEMPTS must be a whole number from 1 to 1000 (got "x")'],
    });
  });

  it('accepts a deadline of up to an hour', () => {
    const result = readConfig({ SLACK_WEBHOOK_URL: URL_OK, NOTIFY_TEXT: 'hi', NOTIFY_DEADLINE_MS: '3600000' }, []);
    expect(result.ok && result.config.retry.deadlineMs).toBe(3_600_000);
    expect(problemsOf({ SLACK_WEBHOOK_URL: URL_OK, NOTIFY_TEXT: 'hi', NOTIFY_DEADLINE_MS: '3600001' })).toEqual([
      'NOTIFY_DEADLINE_MS must be a whole number from 1 to 3600000 (got "3600001")',
    ]);
  });
});

describe('readConfig from an execution alert (the EventBridge input transformer of stacks/builders/execution-alerts.ts)', () => {
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
