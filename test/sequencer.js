// Test file order, so that both cores stay busy: the longest terraform file, whose plans run several at once,
// beside the container files (they mostly wait on the Docker engine); then the other terraform files, beside the
// notifier's process test (it mostly waits out real retry delays and time-outs); then the rest. The terraform
// files are the longest by far: started last, one of them would run on alone at the end of the run while the
// other worker sits idle, and a file that mostly waits, run beside the single-threaded unit tests, leaves a core
// idle for seconds.
// The terraform files go biggest first: jest's cached durations would do too, until a run of a few of their
// tests records a short one. The other groups keep jest's own order (failed last time first, then slowest first
// by its cache, or biggest first without one, as in a fresh CI checkout).
const fs = require('node:fs');
const Sequencer = require('@jest/test-sequencer').default;

const isTerraform = (test) => /\.tf\.test\.ts$/.test(test.path);
const isContainer = (test) => /\.container\.test\.ts$/.test(test.path);
const isNotifierProcess = (test) => /[\\/]test[\\/]notifier[\\/]cli\.test\.ts$/.test(test.path);

class BusyCoresSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const size = (test) => fs.statSync(test.path).size;
    const terraform = sorted.filter(isTerraform).sort((a, b) => size(b) - size(a));
    const container = sorted.filter(isContainer);
    const notifierProcess = sorted.filter(isNotifierProcess);
    const rest = sorted.filter((test) => !isTerraform(test) && !isContainer(test) && !isNotifierProcess(test));
    return [...terraform.slice(0, 1), ...container, ...terraform.slice(1), ...notifierProcess, ...rest];
  }
}

module.exports = BusyCoresSequencer;
