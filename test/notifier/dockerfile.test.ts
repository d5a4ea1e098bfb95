// Invariants of notifier/Dockerfile and .dockerignore, each a pure rule with a compliant and a non-compliant case.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './helpers';

const DOCKERFILE = fs.readFileSync(path.join(REPO_ROOT, 'notifier', 'Dockerfile'), 'utf8');
const DOCKERIGNORE = fs.readFileSync(path.join(REPO_ROOT, 'notifier', '.dockerignore'), 'utf8');

function instructions(dockerfile: string): { keyword: string; args: string }[] {
  return dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** A `# syntax=` parser directive makes BuildKit pull a frontend image: not allowed offline. */
const hasNoSyntaxDirective = (dockerfile: string): boolean => !/^#\s*syntax\s*=/im.test(dockerfile);

/** The last USER is a numeric uid other than 0, so runAsNonRoot can be checked without /etc/passwd. */
function runsAsNumericNonRoot(dockerfile: string): boolean {
  const users = instructions(dockerfile).filter((i) => i.keyword === 'USER');
  const last = users[users.length - 1]?.args;
  return last !== undefined && /^[1-9]\d*(:\d+)?$/.test(last);
}

/** The base image is a build argument whose default is pinned by digest. */
function baseImageArgPinned(dockerfile: string): boolean {
  const all = instructions(dockerfile);
  const arg = all.find((i) => i.keyword === 'ARG' && i.args.startsWith('BASE_IMAGE='));
  const from = all.filter((i) => i.keyword === 'FROM');
  return (
    arg !== undefined &&
    /@sha256:[0-9a-f]{64}$/.test(arg.args) &&
    from.length > 0 &&
    from[from.length - 1].args.split(/\s+/)[0] === '${BASE_IMAGE}'
  );
}

/** The default base is a distroless Node.js image of a supported LTS line (22 or 24; 20 ended on 2026-04-30). */
function baseImageSupportedLts(dockerfile: string): boolean {
  const arg = instructions(dockerfile).find((i) => i.keyword === 'ARG' && i.args.startsWith('BASE_IMAGE='));
  return arg !== undefined && /^BASE_IMAGE=gcr\.io\/distroless\/nodejs(22|24)-debian12:nonroot@/.test(arg.args);
}

/** Exec-form ENTRYPOINT running node on the bundle, and no RUN (nothing executes at build time, no shell). */
function execFormEntrypointNoRun(dockerfile: string): boolean {
  const all = instructions(dockerfile);
  const entrypoint = all.filter((i) => i.keyword === 'ENTRYPOINT').pop();
  if (entrypoint === undefined || all.some((i) => i.keyword === 'RUN')) return false;
  try {
    const argv: unknown = JSON.parse(entrypoint.args);
    return Array.isArray(argv) && /\/node$/.test(String(argv[0])) && argv[argv.length - 1] === '/app/notifier.mjs';
  } catch {
    return false;
  }
}

/**
 * Reproducible layers: the image's files come only from ADD of an archive (fixed owners, modes and times);
 * COPY and WORKDIR stamp the folders they create with the build time, RUN runs something.
 */
function layersFromArchivesOnly(dockerfile: string): boolean {
  const all = instructions(dockerfile);
  const adds = all.filter((i) => i.keyword === 'ADD');
  return adds.length > 0 && adds.every((i) => /^\S+\.tar \/$/.test(i.args)) && !all.some((i) => ['COPY', 'WORKDIR', 'RUN'].includes(i.keyword));
}

/** The build context admits only the packed bundle. */
function contextAdmitsOnlyBundle(dockerignore: string): boolean {
  const rules = dockerignore
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  return rules[0] === '*' && rules.length > 1 && rules.slice(1).every((rule) => rule === '!dist/notifier.tar');
}

describe('notifier/Dockerfile', () => {
  it.each<[string, (text: string) => boolean, string]>([
    ['no # syntax= directive', hasNoSyntaxDirective, `# syntax=docker/dockerfile:1\n${DOCKERFILE}`],
    ['a numeric non-root USER', runsAsNumericNonRoot, DOCKERFILE.replace(/^USER .*$/m, 'USER nonroot')],
    ['a numeric non-root USER (not 0)', runsAsNumericNonRoot, DOCKERFILE.replace(/^USER .*$/m, 'USER 0:0')],
    ['a digest-pinned, overridable base image', baseImageArgPinned, DOCKERFILE.replace(/@sha256:[0-9a-f]{64}/, '')],
    ['a supported Node.js LTS base (not the ended 20)', baseImageSupportedLts, DOCKERFILE.replace(/^(ARG BASE_IMAGE=.*)nodejs2[24]-debian12/m, '$1nodejs20-debian12')],
    ['an exec-form ENTRYPOINT on the bundle, no RUN', execFormEntrypointNoRun, DOCKERFILE.replace(/^ENTRYPOINT .*$/m, 'ENTRYPOINT node /app/notifier.mjs')],
    ['an exec-form ENTRYPOINT on the bundle, no RUN (RUN added)', execFormEntrypointNoRun, `${DOCKERFILE}\nRUN chmod 777 /app\n`],
    ['layers from archives only (no WORKDIR)', layersFromArchivesOnly, DOCKERFILE.replace(/^ADD /m, 'WORKDIR /app\nADD ')],
    ['layers from archives only (no COPY)', layersFromArchivesOnly, DOCKERFILE.replace(/^ADD dist\/notifier\.tar \/$/m, 'COPY dist/notifier.mjs /app/notifier.mjs')],
  ])('has %s; a variant without it fails the rule', (_name, rule, broken) => {
    expect(rule(DOCKERFILE)).toBe(true);
    expect(rule(broken)).toBe(false);
  });

  it('adds the packed bundle that npm run build:notifier writes', () => {
    const adds = instructions(DOCKERFILE).filter((i) => i.keyword === 'ADD');
    expect(adds.map((c) => c.args)).toEqual(['dist/notifier.tar /']);
  });
});

describe('notifier/.dockerignore', () => {
  it('admits only dist/notifier.tar; a context that lets in more fails the rule', () => {
    expect(contextAdmitsOnlyBundle(DOCKERIGNORE)).toBe(true);
    expect(contextAdmitsOnlyBundle(`${DOCKERIGNORE}\n!src/\n`)).toBe(false);
    expect(contextAdmitsOnlyBundle('node_modules\n')).toBe(false);
  });
});
