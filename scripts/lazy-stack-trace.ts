/**
 * Replaces cdktf's lib/tokens/private/stack-trace.js inside the bundles (scripts/bundle.mjs): the same frames,
 * formatted only when read.
 *
 * cdktf records the creation stack of every token (`captureStackTrace()` in Intrinsic, Lazy, dynamic blocks)
 * and formats it into strings at once, although the frames are only ever read to explain a resolution error.
 * At 200 workflows that formatting was a quarter of synthesis CPU. Here V8 still captures the frames where the
 * token is made (the same frames, the same `below` cut-off), and turns them into strings on first read; an
 * array-like view keeps the `length`, `join` and indexing that cdktf's error messages use.
 */
export function captureStackTrace(below?: (...args: never[]) => unknown): string[] {
  const holder: { stack?: string } = {};
  const previousLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = Number.MAX_SAFE_INTEGER;
    Error.captureStackTrace(holder, below ?? captureStackTrace);
  } finally {
    Error.stackTraceLimit = previousLimit;
  }
  let lines: string[] | undefined;
  const frames = (): string[] =>
    (lines ??= holder.stack
      ? holder.stack
          .split('\n')
          .slice(1)
          .map((line) => line.replace(/^\s*at\s+/, ''))
      : []);
  return new Proxy<string[]>([], {
    get: (_target, key) => {
      const value: unknown = Reflect.get(frames(), key);
      return typeof value === 'function' ? value.bind(frames()) : value;
    },
    has: (_target, key) => Reflect.has(frames(), key),
    ownKeys: () => Reflect.ownKeys(frames()),
    getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(frames(), key),
  });
}
