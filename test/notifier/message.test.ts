import {
  buildMessage,
  escapeMrkdwn,
  executionConsoleUrl,
  LIMITS,
  parseExecutionArn,
  summarizeEcsCause,
  truncate,
  type Block,
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

  it('summarizes an ECS task description given as the cause', () => {
    const cause = JSON.stringify({
      StoppedReason: 'Essential container in task exited',
      StopCode: 'EssentialContainerExited',
      Containers: [{ Name: 'app', ExitCode: 3 }, { Name: 'sidecar', Reason: 'OutOfMemoryError' }],
    });
    expect(summarizeEcsCause(cause)).toBe(
      'Stopped: Essential container in task exited\nStop code: EssentialContainerExited\nContainer app: exit code 3\nContainer sidecar: no exit code (OutOfMemoryError)',
    );
    const texts = textsOf(buildMessage({ cause }).blocks).join('\n');
    expect(texts).toContain('*What happened*\n```Stopped: Essential container in task exited');
    expect(summarizeEcsCause('plain words')).toBeUndefined();
    expect(summarizeEcsCause('[1,2]')).toBeUndefined();
    expect(summarizeEcsCause('{"other":1}')).toBeUndefined();
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
});
