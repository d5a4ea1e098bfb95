/**
 * `npm run graph [-- --out <dir>]`: writes one Markdown file with a Mermaid diagram per workflow of every
 * environment declared in main.ts, to `<dir>/<environment>-<workflow>.md` (default dir: graphs/ under the
 * output folder: CDKTF_OUTDIR, else cdktf.out).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { environments } from '../../main';
import { ConfigError } from '../../stacks/config/errors';
import { resolveEnvironments } from '../../stacks/config/resolve';
import { workflowGraph } from './graph';
import { outputFolder } from '../output-folder';

function main(argv: string[]): number {
  const outIndex = argv.indexOf('--out');
  if (outIndex >= 0 && !argv[outIndex + 1]) {
    console.error('usage: npm run graph [-- --out <dir>]');
    return 2;
  }
  const outdir = path.resolve(outIndex >= 0 ? argv[outIndex + 1] : path.join(outputFolder(), 'graphs'));
  let resolved;
  try {
    resolved = resolveEnvironments(environments);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 2;
  }
  fs.mkdirSync(outdir, { recursive: true });
  for (const env of resolved) {
    for (const workflow of env.workflows) {
      const file = path.join(outdir, `${env.name}-${workflow.name}.md`);
      fs.writeFileSync(file, `# ${env.name} / ${workflow.name}\n\n\`\`\`mermaid\n${workflowGraph(workflow)}\`\`\`\n`);
      console.log(`wrote ${path.relative(process.cwd(), file)}`);
    }
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
