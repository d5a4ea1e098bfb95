// The bundles' stand-in for cdktf's token creation stacks: the same frames as cdktf records, formatted on read.
import * as fs from 'node:fs';
import { captureStackTrace as cdktfCapture } from 'cdktf/lib/tokens/private/stack-trace';
import { captureStackTrace } from '../../scripts/lazy-stack-trace';
import { bundledCommand } from '../helpers';

function namedCaller(capture: typeof captureStackTrace): string[] {
  return capture();
}

function hiddenBelow(capture: typeof captureStackTrace): string[] {
  return capture(hiddenBelow);
}

/** Function names of the first frames, without file positions (the two captures sit on different lines). */
const names = (frames: string[]) => frames.slice(0, 3).map((frame) => frame.replace(/ \(.*\)$/, ''));

describe('lazy creation stacks', () => {
  const original = Error.prepareStackTrace;
  afterEach(() => {
    Error.prepareStackTrace = original;
  });

  it('GIVEN a capture WHEN nothing reads it THEN no frame is formatted, and reading formats them once', () => {
    let formatted = 0;
    Error.prepareStackTrace = (error, callSites) => {
      formatted++;
      return `${String(error)}\n${callSites.map((site) => `    at ${String(site)}`).join('\n')}`;
    };
    const frames = namedCaller(captureStackTrace);
    expect(formatted).toBe(0);
    expect(frames.length).toBeGreaterThan(1);
    expect(formatted).toBe(1);
    expect(frames.join('\n')).toContain('namedCaller');
    expect(frames[0]).toMatch(/^namedCaller /);
    expect(formatted).toBe(1);
  });

  it('GIVEN the same call sites THEN it records the frames cdktf records, from the same starting point', () => {
    expect(names(namedCaller(captureStackTrace))).toEqual(names(namedCaller(cdktfCapture)));
    expect(names(hiddenBelow(captureStackTrace))).toEqual(names(hiddenBelow(cdktfCapture)));
  });

  it('GIVEN the app bundle THEN it carries the stand-in instead of cdktf\'s eager version', () => {
    const bundle = fs.readFileSync(bundledCommand('app'), 'utf8');
    expect(bundle).toContain('lines ??=');
    expect(bundle).not.toMatch(/return object\.stack\s*\.split\("\\n"\)/);
  });
});
