import {
  essentialContainerExitedTask,
  failedToStartTask,
  spotInterruptedTask,
  STOP_CODES,
  stoppedTask,
  STOPPED_REASONS,
  TASK_FAILED_ERROR,
  taskFailedCause,
} from '../../stacks/aws/ecs-stopped-task';
import {
  BACKTICK_STAND_IN,
  buildMessage,
  escapeMrkdwn,
  executionConsoleUrl,
  inertMrkdwn,
  LIMITS,
  parseExecutionArn,
  summarizeCause,
  truncate,
  type Block,
  type SlackMessage,
} from '../../notifier/src/message';

const ARN = 'arn:aws:states:ap-northeast-1:123456789012:execution:nightly-import:2026-01-01T09-00-00Z';

function textsOf(blocks: readonly Block[]): string[] {
  return blocks.flatMap((block) => {
    if (block.type === 'context') return block.elements.map((e) => e.text);
    if (block.type === 'header') return [block.text.text];
    return [...(block.text !== undefined ? [block.text.text] : []), ...(block.fields ?? []).map((f) => f.text)];
  });
}

describe('executionConsoleUrl', () => {
  it('links a standard execution in its own region', () => {
    expect(executionConsoleUrl(ARN)).toBe(
      `https://ap-northeast-1.console.aws.amazon.com/states/home?region=ap-northeast-1#/v2/executions/details/${ARN}`,
    );
  });

  it('uses the console host of the ARN’s partition', () => {
    const cn = 'arn:aws-cn:states:cn-north-1:123456789012:execution:sm:run';
    const gov = 'arn:aws-us-gov:states:us-gov-west-1:123456789012:execution:sm:run';
    expect(executionConsoleUrl(cn)).toBe(`https://cn-north-1.console.amazonaws.cn/states/home?region=cn-north-1#/v2/executions/details/${cn}`);
    expect(executionConsoleUrl(gov)).toMatch(/^https:\/\/us-gov-west-1\.console\.amazonaws-us-gov\.com\//);
  });

  it('gives no link for express executions or malformed ARNs', () => {
    expect(executionConsoleUrl('arn:aws:states:us-east-1:123456789012:express:sm:run:abc')).toBeUndefined();
    expect(executionConsoleUrl('arn:aws:states:us-east-1:123456789012:stateMachine:sm')).toBeUndefined();
    expect(executionConsoleUrl('arn:aws:states:us-east-1:123456789012:execution:sm:run|evil>')).toBeUndefined();
    expect(executionConsoleUrl('not an arn')).toBeUndefined();
  });

  it('parses the parts of an execution ARN', () => {
    expect(parseExecutionArn(ARN)).toEqual({
      partition: 'aws',
      region: 'ap-northeast-1',
      accountId: '123456789012',
      kind: 'execution',
      stateMachineName: 'nightly-import',
      executionName: '2026-01-01T09-00-00Z',
    });
  });
});

describe('buildMessage', () => {
  it('GIVEN a failed step THEN blocks and fallback carry status, workflow, step, execution link, error and cause', () => {
    const message = buildMessage({
      text: 'Import failed',
      status: 'FAILED',
      workflowName: 'nightly-import',
      stepName: 'Import',
      executionArn: ARN,
      error: 'States.TaskFailed',
      cause: 'Essential container in task exited',
      region: 'us-east-1',
    });

    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: ':x: nightly-import: FAILED', emoji: true } });
    const texts = textsOf(message.blocks).join('\n');
    expect(texts).toContain('*Status*\nFAILED');
    expect(texts).toContain('*Step*\nImport');
    expect(texts).toContain('*Region*\nap-northeast-1');
    expect(texts).toContain(`<${executionConsoleUrl(ARN)}|2026-01-01T09-00-00Z>`);
    expect(texts).toContain('*Error*\n```States.TaskFailed```');
    expect(texts).toContain('*Cause*\n```Essential container in task exited```');
    expect(message.text).toContain(':x: nightly-import: FAILED');
    expect(message.text).toContain('Step: Import');
    expect(message.text).toContain('Error: States.TaskFailed');
    expect(message.text).toContain(`Execution: ${executionConsoleUrl(ARN)}`);
  });

  it('GIVEN a redriven execution THEN the message says how many times it was redriven; a first run says nothing of it', () => {
    const redriven = buildMessage({ status: 'FAILED', workflowName: 'nightly', executionArn: ARN, redriveCount: 2 });
    expect(textsOf(redriven.blocks)).toContainEqual(expect.stringContaining('redriven 2 times'));
    expect(redriven.text).toContain('Redriven: 2');
    const first = buildMessage({ status: 'FAILED', workflowName: 'nightly', executionArn: ARN, redriveCount: 0 });
    expect(JSON.stringify(first)).not.toMatch(/[Rr]edriv/);
  });

  it('GIVEN only text THEN it sends a header and the text', () => {
    const message = buildMessage({ text: 'hello' });
    expect(message.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: ':information_source: Workflow', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: 'hello' } },
    ]);
    expect(message.text).toBe(':information_source: Workflow\nhello');
  });

  it('shows an ARN it cannot link as code, and AWS_REGION as the region', () => {
    const message = buildMessage({ status: 'STARTED', executionArn: 'arn:aws:states:us-east-1:1:execution:x:y', region: 'eu-west-1' });
    const texts = textsOf(message.blocks).join('\n');
    expect(texts).toContain('*Execution* `arn:aws:states:us-east-1:1:execution:x:y`');
    expect(texts).toContain('*Region*\neu-west-1');
  });

  it('escapes Slack’s control characters in everything it was given', () => {
    const message = buildMessage({ text: '<!channel> & <https://evil|click>', workflowName: 'a<b', error: '<x>' });
    const all = JSON.stringify(message);
    expect(all).not.toContain('<!channel>');
    expect(all).toContain('&lt;!channel&gt; &amp; &lt;https://evil|click&gt;');
    expect(textsOf(message.blocks).join('\n')).toContain('*Workflow*\na&lt;b');
  });

  it('GIVEN huge inputs THEN every text stays within Slack’s limits', () => {
    const huge = 'x'.repeat(100_000);
    const message = buildMessage({ text: huge, status: huge, workflowName: huge, stepName: huge, executionArn: huge, error: huge, cause: huge, region: huge });

    expect(message.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    for (const block of message.blocks) {
      if (block.type === 'header') expect(Array.from(block.text.text).length).toBeLessThanOrEqual(LIMITS.headerText);
      if (block.type === 'section') {
        if (block.text !== undefined) expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
        for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(LIMITS.fieldText);
        expect((block.fields ?? []).length).toBeLessThanOrEqual(LIMITS.fields);
      }
    }
    expect(textsOf(message.blocks).join('')).toContain('more characters cut');
    // Still a closed code block after cutting.
    const cause = textsOf(message.blocks).find((t) => t.startsWith('*Cause*'));
    expect(cause?.endsWith('```')).toBe(true);
  });

});

/** Every text Slack would render or notify with: blocks and the fallback. */
function everything(message: SlackMessage): string {
  return [...textsOf(message.blocks), message.text].join('\n');
}

/** A step's failure as the alert gives it once DescribeExecution answered: error and cause from the model. */
function failed(cause: string): SlackMessage {
  return buildMessage({ status: 'FAILED', workflowName: 'daily-batch', stepName: 'task1', executionArn: ARN, error: TASK_FAILED_ERROR, cause });
}

/** Code fences in a text: an even count means every code block that opens also closes where we closed it. */
function fences(text: string): number {
  return text.split('```').length - 1;
}

describe('buildMessage with an ECS task failure as the cause', () => {
  it('GIVEN a Spot interruption WHEN the message is built THEN it says stop code SpotInterruption and the stopped reason', () => {
    const message = failed(taskFailedCause(spotInterruptedTask({ exitCode: 143 })));

    const texts = textsOf(message.blocks).join('\n');
    expect(texts).toContain('*Step*\ntask1');
    expect(texts).toContain('*Stop code*\nSpotInterruption');
    expect(texts).toContain(`Stopped reason: ${STOPPED_REASONS.spotInterrupted}`);
    expect(texts).toContain(`<${executionConsoleUrl(ARN)}|2026-01-01T09-00-00Z>`);
    expect(message.text).toContain('Stop code: SpotInterruption');
  });

  it('GIVEN the essential container exited with code 3 THEN the message gives exit code 3, the container and the task definition that ran', () => {
    const message = failed(taskFailedCause(essentialContainerExitedTask(3, { family: 'wf-dev-daily-batch-task1', revision: 7 })));

    const texts = textsOf(message.blocks).join('\n');
    expect(texts).toContain('*Stop code*\nEssentialContainerExited');
    expect(texts).toContain('*Exit code*\n3');
    expect(texts).toContain('*What happened*\n```Stopped reason: Essential container in task exited\nContainer app: exit code 3\nTask definition: wf-dev-daily-batch-task1:7```');
    expect(message.text).toContain('Exit code: 3');
  });

  it('GIVEN containers with their own exit codes and reasons THEN each is listed with its name', () => {
    const cause = taskFailedCause(
      stoppedTask({
        stopCode: STOP_CODES.EssentialContainerExited,
        stoppedReason: STOPPED_REASONS.essentialContainerExited,
        exitCode: 137,
        containerReason: 'OutOfMemoryError: Container killed due to memory usage',
        sidecars: [{ name: 'log-router', exitCode: 0 }],
      }),
    );
    const texts = textsOf(failed(cause).blocks).join('\n');
    expect(texts).toContain('*Exit code*\napp 137, log-router 0');
    expect(texts).toContain('Container app: exit code 137, OutOfMemoryError: Container killed due to memory usage');
    expect(texts).toContain('Container log-router: exit code 0');
  });

  it('GIVEN a task that failed to start THEN the reason is shown and the exit code is none', () => {
    const texts = textsOf(failed(taskFailedCause(failedToStartTask('CannotPullContainerError: pull image manifest has been retried 5 time(s)'))).blocks).join('\n');
    expect(texts).toContain('*Stop code*\nTaskFailedToStart');
    expect(texts).toContain('*Exit code*\nnone');
    expect(texts).toContain('Stopped reason: CannotPullContainerError: pull image manifest has been retried 5 time(s)');
    expect(texts).toContain('Container app: no exit code');
  });

  it('GIVEN overrides that carry the step input, results, item and task token WHEN the message is built THEN none of their values, nor the network details, reach Slack', () => {
    const secrets = {
      EXECUTION_INPUT: '{"customer":"input-7f3a-SECRET-EXECUTION-INPUT"}',
      STEP_RESULTS: '{"task0":{"token":"results-91c2-SECRET-STEP-RESULTS"}}',
      ITEM: '"item-55d0-SECRET-ITEM"',
      TASK_TOKEN: 'AQCEAAAAKgAAAAMAAAAAAAAAAtokenSECRETTASKTOKEN',
    };
    const task = essentialContainerExitedTask(1, { environment: Object.entries(secrets).map(([name, value]) => ({ name, value })) });
    const cause = taskFailedCause(task);
    // The cause does carry them: the test would prove nothing otherwise.
    for (const value of Object.values(secrets)) expect(cause).toContain(JSON.stringify(value).slice(1, -1));

    const sent = JSON.stringify(failed(cause));
    for (const marker of ['input-7f3a-SECRET-EXECUTION-INPUT', 'results-91c2-SECRET-STEP-RESULTS', 'item-55d0-SECRET-ITEM', 'tokenSECRETTASKTOKEN', 'EXECUTION_INPUT', 'TASK_TOKEN']) {
      expect(sent).not.toContain(marker);
    }
    const network = task.attachments.flatMap((attachment) => attachment.details.map((detail) => detail.value));
    for (const value of [...network, task.containers[0].networkInterfaces[0].privateIpv4Address]) expect(sent).not.toContain(value);
    expect(sent).not.toContain('"Overrides"');
  });

  it('GIVEN a cause whose reasons hold ``` and <!channel> WHEN the message is built THEN every code block closes where it should and nothing mentions or links', () => {
    const cause = taskFailedCause(
      stoppedTask({
        stopCode: STOP_CODES.UserInitiated,
        stoppedReason: 'stopped by ```<!channel> please``` & <https://evil.example|click>',
        exitCode: 1,
        containerReason: 'ends with a fence ```',
      }),
    );
    const message = failed(cause);

    const what = textsOf(message.blocks).find((text) => text.startsWith('*What happened*')) ?? '';
    expect(fences(what)).toBe(2);
    expect(what.startsWith('*What happened*\n```')).toBe(true);
    expect(what.endsWith('```')).toBe(true);
    for (const text of textsOf(message.blocks)) expect(fences(text) % 2).toBe(0);
    expect(everything(message)).not.toMatch(/<!channel>|<https:\/\/evil/);
    expect(what).toContain(`stopped by ${BACKTICK_STAND_IN.repeat(3)}&lt;!channel&gt; please${BACKTICK_STAND_IN.repeat(3)} &amp; &lt;https://evil.example|click&gt;`);
    expect(fences(message.text)).toBe(0);
  });

  it('GIVEN causes that are text THEN they are shown in a code block, safely', () => {
    // A Fail state's Cause: whatever the workflow's author wrote.
    for (const cause of ['Upstream export missing for 2026-11-29', 'Export missing: ```<!here>``` & <mailto:x@example.com|x>']) {
      const message = failed(cause);
      const shown = textsOf(message.blocks).find((text) => text.startsWith('*Cause*')) ?? '';
      expect(fences(shown)).toBe(2);
      expect(shown).toContain(inertMrkdwn(cause));
      expect(everything(message)).not.toContain('<!here>');
      expect(message.text).toContain(`Cause: ${inertMrkdwn(cause)}`);
    }
    expect(summarizeCause('plain words')).toEqual({ kind: 'text', text: 'plain words' });
  });

  it('GIVEN a very long text cause THEN it is cut to a few hundred characters, the block still closed', () => {
    const cause = `${'e'.repeat(5_000)}tail-marker`;
    const message = failed(cause);
    const shown = textsOf(message.blocks).find((text) => text.startsWith('*Cause*')) ?? '';
    expect(shown.length).toBeLessThan(LIMITS.causeText + 40);
    expect(shown).toContain('more characters cut');
    expect(shown.endsWith('```')).toBe(true);
    expect(everything(message)).not.toContain('tail-marker');
  });

  it('GIVEN JSON that is no stopped task, or cut JSON THEN none of it is shown, and the message says where to find it', () => {
    const full = taskFailedCause(essentialContainerExitedTask(1, { environment: [{ name: 'EXECUTION_INPUT', value: 'cut-3b9e-SECRET' }] }));
    const cut = full.slice(0, full.indexOf('cut-3b9e-SECRET') + 15);
    // A cut task, and what a Fail state's author may write as its Cause (e.g. with States.JsonToString($)).
    for (const cause of [cut, JSON.stringify({ input: 'json-8d1f-SECRET' }), JSON.stringify(['array-2c4d-SECRET'])]) {
      const message = failed(cause);
      expect(summarizeCause(cause).kind).toBe('withheld');
      expect(JSON.stringify(message)).not.toMatch(/SECRET/);
      expect(textsOf(message.blocks).join('\n')).toContain('*Cause*\n_Not shown: the cause is JSON that is not a stopped ECS task');
      expect(message.text).toContain('Cause: not shown');
    }
  });
});

describe('truncate and escapeMrkdwn', () => {
  it('keeps short text and cuts long text to the limit with a note', () => {
    expect(truncate('short', 10)).toBe('short');
    const cut = truncate('a'.repeat(200), 100);
    expect(cut).toHaveLength(100);
    expect(cut.endsWith('… (100 more characters cut)')).toBe(true);
  });

  it('counts code points, never splitting a surrogate pair', () => {
    const cut = truncate('😀'.repeat(10), 5);
    expect(Array.from(cut)).toHaveLength(5);
    expect(cut).toBe('😀'.repeat(5));
  });

  it('escapes &, < and >', () => {
    expect(escapeMrkdwn('a & <b> c')).toBe('a &amp; &lt;b&gt; c');
  });

  it('GIVEN backticks THEN inert text has none left, and is escaped', () => {
    expect(inertMrkdwn('```<@U1>```')).toBe(`${BACKTICK_STAND_IN.repeat(3)}&lt;@U1&gt;${BACKTICK_STAND_IN.repeat(3)}`);
  });
});
