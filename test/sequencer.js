// Test file order: the longest terraform file, then the files that mostly wait, then the other terraform files,
// then the rest. The terraform files are the longest by far and keep both cores busy with terraform processes:
// started last, one of them would run on alone at the end of the run while the other worker sits idle. The
// files that mostly wait (on the Docker engine, or on the notifier's real retry delays and time-outs) run beside
// the longest terraform file, whose plans run several at once: together they leave no core idle, where beside
// the single-threaded unit tests they left one idle for seconds.
// The terraform files go biggest first: jest's cached durations would do too, until a run of a few of their
// tests records a short one. The other groups keep jest's own order (failed last time first, then slowest first
// by its cache, or biggest first without one, as in a fresh CI checkout).
const fs = require('node:fs');
const Sequencer = require('@jest/test-sequencer').default;

const isTerraform = (test) => /\.tf\.test\.ts$/.test(test.path);
const isWaiting = (test) => /\.container\.test\.ts$/.test(test.path) || /[\\/]test[\\/]notifier[\\/]cli\.test\.ts$/.test(test.path);

class TerraformFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const size = (test) => fs.statSync(test.path).size;
    const terraform = sorted.filter(isTerraform).sort((a, b) => size(b) - size(a));
    const waiting = sorted.filter(isWaiting);
    const rest = sorted.filter((test) => !isTerraform(test) && !isWaiting(test));
    return [...terraform.slice(0, 1), ...waiting, ...terraform.slice(1), ...rest];
  }
}

module.exports = TerraformFirstSequencer;
