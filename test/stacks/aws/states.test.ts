// Step Functions limits: each predicate on both sides of its limit.
import {
  DEFINITION_MAX_BYTES,
  definitionSizeProblem,
  executionInputProblem,
  PAYLOAD_MAX_BYTES,
  STATE_NAME_MAX,
  stateNameProblem,
  utf8Bytes,
} from '../../../stacks/aws/states';

/** A JSON string of exactly `bytes` bytes of UTF-8. */
function jsonOfBytes(bytes: number): string {
  return JSON.stringify('x'.repeat(bytes - 2));
}

describe('states.state-name-length', () => {
  it('GIVEN a state name of 80 characters THEN it is allowed', () => {
    expect(stateNameProblem('s'.repeat(STATE_NAME_MAX))).toBeUndefined();
  });
  it('GIVEN 81 characters, or none THEN it is refused with its length', () => {
    expect(stateNameProblem('s'.repeat(STATE_NAME_MAX + 1))).toBe(`state name "${'s'.repeat(81)}" is 81 characters; Step Functions allows 1 to 80`);
    expect(stateNameProblem('')).toMatch(/is 0 characters/);
  });
});

describe('states.definition-size', () => {
  it('GIVEN a definition of exactly 1 MB THEN it is allowed', () => {
    expect(definitionSizeProblem(jsonOfBytes(DEFINITION_MAX_BYTES))).toBeUndefined();
  });
  it('GIVEN one byte more THEN it is refused with its size', () => {
    expect(definitionSizeProblem(jsonOfBytes(DEFINITION_MAX_BYTES + 1))).toBe('the state machine definition is 1,048,577 bytes; Step Functions allows 1,048,576');
  });
});

describe('states.payload-size', () => {
  it('GIVEN an execution input of exactly 262,144 bytes THEN it is allowed', () => {
    expect(executionInputProblem(jsonOfBytes(PAYLOAD_MAX_BYTES))).toBeUndefined();
  });
  it('GIVEN one byte more THEN it is refused with its size', () => {
    expect(executionInputProblem(jsonOfBytes(PAYLOAD_MAX_BYTES + 1))).toBe('the execution input is 262,145 bytes; Step Functions allows 262,144');
  });
  it('GIVEN characters outside ASCII THEN they count in bytes of UTF-8, not characters', () => {
    const text = JSON.stringify('日'.repeat(87_381)); // 3 bytes each, plus the two quotes
    expect(text.length).toBeLessThan(PAYLOAD_MAX_BYTES);
    expect(utf8Bytes(text)).toBeGreaterThan(PAYLOAD_MAX_BYTES);
    expect(executionInputProblem(text)).toMatch(/^the execution input is 262,145 bytes/);
  });
});
