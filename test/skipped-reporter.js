// A jest reporter that names every skipped test after the run's summary. In a full run jest shows a skipped
// file's console output only in passing and sums the rest up as "N skipped"; a missing terraform, provider
// mirror or Docker engine must not hide there. The reason for a skip is in the skipped block's name
// (see describeWithTerraform in test/terraform-harness.ts and test/notifier/image.container.test.ts).
const path = require('node:path');

const SKIPPED = new Set(['pending', 'skipped', 'todo', 'disabled']);

class SkippedReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const lines = [];
    for (const file of results.testResults) {
      // One line per skipped block: its name carries the reason, so each reason is printed once.
      const blocks = new Map();
      for (const test of file.testResults.filter((result) => SKIPPED.has(result.status))) {
        const block = test.ancestorTitles.length > 0 ? test.ancestorTitles.join(' > ') : test.title;
        blocks.set(block, (blocks.get(block) ?? 0) + 1);
      }
      if (blocks.size === 0) continue;
      lines.push(`  ${path.relative(this.rootDir, file.testFilePath)}`);
      for (const [block, count] of blocks) lines.push(`    - ${block}: ${count} test(s)`);
    }
    if (lines.length === 0) return;
    const rule = '!'.repeat(78);
    process.stderr.write(`\n${rule}\n!! SKIPPED TESTS: these did not run\n${lines.join('\n')}\n${rule}\n`);
  }
}

module.exports = SkippedReporter;
