// cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, ...), registered under the names
// Testing.setupJest() gives them. cdktf itself is loaded on the first use of one: every test file runs this
// setup, and loading cdktf here cost every file that never uses the matchers (the notifier's, the
// configuration's) some 20 ms of CPU.
type Matcher = (this: jest.MatcherContext, ...args: unknown[]) => jest.CustomMatcherResult;

const NAMES = [
  'toHaveResource',
  'toHaveResourceWithProperties',
  'toHaveDataSource',
  'toHaveDataSourceWithProperties',
  'toHaveProvider',
  'toHaveProviderWithProperties',
  'toBeValidTerraform',
  'toPlanSuccessfully',
] as const;

let cdktfMatchers: Record<string, Matcher> | undefined;

/** The matchers cdktf's Testing.setupJest() hands to expect.extend, caught on their way. */
function loadMatchers(): Record<string, Matcher> {
  if (cdktfMatchers) return cdktfMatchers;
  const caught: Record<string, Matcher> = {};
  const extend = expect.extend;
  expect.extend = (matchers) => {
    Object.assign(caught, matchers);
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('cdktf') as typeof import('cdktf')).Testing.setupJest();
  } finally {
    expect.extend = extend;
  }
  const missing = NAMES.filter((name) => !caught[name]);
  if (missing.length > 0) throw new Error(`cdktf's Testing.setupJest() no longer registers ${missing.join(', ')}: update test/setup-matchers.ts`);
  cdktfMatchers = caught;
  return caught;
}

expect.extend(
  Object.fromEntries(
    NAMES.map((name) => [
      name,
      function (this: jest.MatcherContext, ...args: unknown[]) {
        return loadMatchers()[name].apply(this, args);
      },
    ]),
  ),
);
