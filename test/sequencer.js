// Test file order: the terraform files first, then the container files, then the rest, each group in jest's own
// order (failed last time first, then slowest first by jest's cache, or biggest first without one, as in a fresh
// CI checkout). The terraform files are the longest by far and keep both cores busy with terraform processes:
// started last, one of them would run on alone at the end of the run while the other worker sits idle.
const Sequencer = require('@jest/test-sequencer').default;

const GROUPS = [/\.tf\.test\.ts$/, /\.container\.test\.ts$/];

const groupOf = (test) => {
  const index = GROUPS.findIndex((pattern) => pattern.test(test.path));
  return index < 0 ? GROUPS.length : index;
};

class LongestFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    // Array.prototype.sort is stable: within a group, jest's order stays.
    return [...sorted].sort((a, b) => groupOf(a) - groupOf(b));
  }
}

module.exports = LongestFirstSequencer;
