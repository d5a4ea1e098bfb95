// Test file order: the longest terraform file, then the files that mostly wait, then the other terraform files,
// then the rest, each group in jest's own order (failed last time first, then slowest first by jest's cache, or
// biggest first without one, as in a fresh CI checkout). The terraform files are the longest by far and keep
// both cores busy with terraform processes: started last, one of them would run on alone at the end of the run
// while the other worker sits idle. The files that mostly wait (on the Docker engine, or on the notifier's real
// retry delays and time-outs) run beside the longest terraform file, whose plans run several at once: together
// they leave no core idle, where beside the single-threaded unit tests they left one idle for seconds.
const Sequencer = require('@jest/test-sequencer').default;

const isTerraform = (test) => /\.tf\.test\.ts$/.test(test.path);
const isWaiting = (test) => /\.container\.test\.ts$/.test(test.path) || /[\\/]test[\\/]notifier[\\/]cli\.test\.ts$/.test(test.path);

class TerraformFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const terraform = sorted.filter(isTerraform);
    const waiting = sorted.filter(isWaiting);
    const rest = sorted.filter((test) => !isTerraform(test) && !isWaiting(test));
    return [...terraform.slice(0, 1), ...waiting, ...terraform.slice(1), ...rest];
  }
}

module.exports = TerraformFirstSequencer;
