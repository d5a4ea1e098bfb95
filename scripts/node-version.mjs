// Refuses, in one line, a Node.js the project does not support (package.json `engines`, e.g. "^22 || ^24"), before
// anything else loads: imported first by the scripts that users run (npm run synth, cdktf synth). `npm ci` refuses
// such a Node.js by itself (.npmrc engine-strict); this covers a checkout installed with another one.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const { engines } = JSON.parse(readFileSync(fileURLToPath(import.meta.resolve('../package.json')), 'utf8'));
const majors = [...String(engines?.node ?? '').matchAll(/\^(\d+)/g)].map((match) => Number(match[1]));
const current = Number(process.versions.node.split('.')[0]);
if (majors.length > 0 && !majors.includes(current)) {
  console.error(`Node.js ${engines.node} is needed (package.json engines), this is v${process.versions.node}: switch to the version in .nvmrc (e.g. nvm use).`);
  process.exit(1);
}
