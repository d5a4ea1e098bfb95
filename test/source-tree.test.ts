/**
 * The shape of the project's own TypeScript sources: arrows point one way (no import cycle, type-only imports
 * included: a cycle of types is still a circle of layers), and no source file grows past what one reads at once.
 * Imports are read with the TypeScript compiler's own pre-processor (`import`, `import type`, `export ... from`,
 * `import x = require()`, `import()`), so that a comment or a string that looks like an import counts for nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { PROJECT_ROOT } from './helpers';

/** Where the project's sources are: main.ts, the stacks, the tools, the container jobs and the scripts. */
const SOURCE_ROOTS = ['main.ts', 'stacks', 'tools', 'notifier/src', ...subfolders('examples').map((example) => `examples/${example}/src`), 'scripts'];
/** The longest a source file may be (a test may be longer: it reads as a list of cases). */
const MAX_LINES = 400;

function subfolders(folder: string): string[] {
  return fs
    .readdirSync(path.join(PROJECT_ROOT, folder), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Every TypeScript source under `root` (a file or a folder), relative to the project, `/`-separated, sorted. */
function sourcesUnder(root: string): string[] {
  const absolute = path.join(PROJECT_ROOT, root);
  if (!fs.existsSync(absolute)) return [];
  if (fs.statSync(absolute).isFile()) return isSource(root) ? [root] : [];
  return fs
    .readdirSync(absolute, { withFileTypes: true })
    .filter((entry) => entry.name !== 'node_modules' && entry.name !== 'dist' && !entry.name.startsWith('.'))
    .flatMap((entry) => (entry.isDirectory() ? sourcesUnder(`${root}/${entry.name}`) : isSource(entry.name) ? [`${root}/${entry.name}`] : []))
    .sort();
}

function isSource(file: string): boolean {
  return /\.(c|m)?tsx?$/.test(file) && !/\.d\.(c|m)?ts$/.test(file) && !/\.test\.tsx?$/.test(file);
}

const SOURCES: readonly string[] = [...new Set(SOURCE_ROOTS.flatMap(sourcesUnder))].sort();
const KNOWN = new Set(SOURCES);

/** The project source a relative specifier names (`./x`, `../x/index`, `./x.js`), or undefined (a package, a non-TS file). */
function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  const stem = base.replace(/\.(c|m)?js$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`, `${base}/index.ts`, `${base}/index.tsx`];
  return candidates.find((candidate) => KNOWN.has(candidate));
}

/** The project sources a file imports, in the order it names them. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
  const { importedFiles } = ts.preProcessFile(text, true, true);
  const targets = importedFiles.map((imported) => resolveImport(file, imported.fileName)).filter((target): target is string => target !== undefined);
  return [...new Set(targets)];
}

const GRAPH: ReadonlyMap<string, readonly string[]> = new Map(SOURCES.map((file) => [file, importsOf(file)]));

/**
 * Every import cycle, each once, as the chain of files that closes it (`a -> b -> a`), starting at its smallest
 * file: the strongly connected components (Tarjan), and in each the shortest cycle through each of its files.
 */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const cycles = new Set<string>();
  for (const component of stronglyConnected(graph)) {
    const inside = new Set(component);
    if (component.length === 1 && !(graph.get(component[0]) ?? []).includes(component[0])) continue;
    for (const file of component) {
      const cycle = shortestCycleThrough(file, graph, inside);
      if (cycle) cycles.add(readable(cycle));
    }
  }
  return [...cycles].sort();
}

function stronglyConnected(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      components.push(component.sort());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return components;
}

/** The shortest path from `file` back to itself within `inside` (breadth first), without the closing repeat. */
function shortestCycleThrough(file: string, graph: ReadonlyMap<string, readonly string[]>, inside: ReadonlySet<string>): string[] | undefined {
  const parent = new Map<string, string>();
  const queue = [file];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const next of graph.get(current) ?? []) {
      if (!inside.has(next)) continue;
      if (next === file) {
        const chain = [current];
        while (chain[0] !== file) chain.unshift(parent.get(chain[0])!);
        return chain;
      }
      if (!parent.has(next)) {
        parent.set(next, current);
        queue.push(next);
      }
    }
  }
  return undefined;
}

/** `a -> b -> c -> a`, rotated to start at its smallest file, so that the same cycle reads the same from anywhere. */
function readable(cycle: readonly string[]): string {
  const start = cycle.indexOf([...cycle].sort()[0]);
  const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
  return [...rotated, rotated[0]].join(' -> ');
}

function linesOf(file: string): number {
  const text = fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

describe('the source tree', () => {
  it('finds the sources it is about', () => {
    expect(SOURCES).toEqual(expect.arrayContaining(['main.ts', 'stacks/builders/asl.ts', 'tools/graph/graph.ts', 'notifier/src/main.ts', 'scripts/lazy-stack-trace.ts']));
    expect(SOURCES.some((file) => file.startsWith('test/') || file.includes('node_modules'))).toBe(false);
    expect(GRAPH.get('main.ts')).toEqual(expect.arrayContaining(['stacks/app/synthesis.ts']));
  });

  it('has no import cycle (type-only imports included)', () => {
    expect(importCycles(GRAPH)).toEqual([]);
  });

  it(`has no source file over ${MAX_LINES} lines`, () => {
    const long = SOURCES.map((file) => ({ file, lines: linesOf(file) })).filter(({ lines }) => lines > MAX_LINES);
    expect(long.map(({ file, lines }) => `${file}: ${lines} lines`)).toEqual([]);
  });
});

describe('importCycles', () => {
  it('GIVEN a -> b -> c -> a and c -> d THEN names the one cycle, from its smallest file', () => {
    const graph = new Map([
      ['c', ['a', 'd']],
      ['a', ['b']],
      ['b', ['c']],
      ['d', []],
    ]);
    expect(importCycles(graph)).toEqual(['a -> b -> c -> a']);
  });

  it('GIVEN two cycles sharing a file, and a file importing itself THEN names each', () => {
    const graph = new Map([
      ['a', ['b', 'c']],
      ['b', ['a']],
      ['c', ['a']],
      ['s', ['s']],
    ]);
    expect(importCycles(graph)).toEqual(['a -> b -> a', 'a -> c -> a', 's -> s']);
  });

  it('GIVEN no cycle THEN names none', () => {
    expect(importCycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });
});
