// The build cache of the job bundles (notifier/build.mjs's buildJob) and of the command bundles
// (scripts/bundle.mjs's bundle): a build runs only when something it is built from changed, was added or was
// removed. Observed through what each build reports (built or not, and why) and through its manifest, in a
// fresh node process as `npm run synth` runs them.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../helpers';

interface Outcome {
  readonly built: boolean;
  readonly reason: string;
}

interface Manifest {
  readonly key: Record<string, unknown>;
  readonly files: Record<string, { absent?: true; stat?: string; sha256?: string }>;
  readonly outputs: Record<string, { stat: string; sha256: string }>;
}

const BUILD_JOB = pathToFileURL(path.join(PROJECT_ROOT, 'notifier', 'build.mjs')).href;
const BUNDLE = pathToFileURL(path.join(PROJECT_ROOT, 'scripts', 'bundle.mjs')).href;

/** Runs `call` (an expression over the module's exports `m`) in a new node process; returns what the build reported. */
function run(moduleUrl: string, call: string): Outcome {
  const script = `const m = await import(${JSON.stringify(moduleUrl)}); const outcome = await ${call}; process.stderr.write('OUTCOME ' + JSON.stringify(outcome) + '\\n');`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`build failed (exit ${String(child.status)}):\n${child.stderr}`);
  const line = child.stderr.split('\n').find((candidate) => candidate.startsWith('OUTCOME '));
  if (!line) throw new Error(`the build reported nothing:\n${child.stderr}`);
  return JSON.parse(line.slice('OUTCOME '.length)) as Outcome;
}

function folderWith(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(process.env.TMPDIR ?? path.join(PROJECT_ROOT, '.tmp'), 'build-cache-'));
  for (const [name, content] of Object.entries(files)) write(root, name, content);
  return root;
}

function write(root: string, name: string, content: string): void {
  fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
  fs.writeFileSync(path.join(root, name), content);
}

const readManifest = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;

describe('buildJob (notifier/build.mjs)', () => {
  const JOB_SOURCES = {
    'src/main.ts': "import { greeting } from './greeting';\nconsole.log(greeting('job'));\n",
    'src/greeting.ts': "export const greeting = (name: string): string => `hello ${name}`;\n",
    Dockerfile: 'FROM scratch\nADD dist/job.tar /\n',
  };
  const jobIn = (folder: string) => ({ folder, name: 'job', entry: path.join(folder, 'src', 'main.ts'), sourceFolders: [path.join(folder, 'src')] });
  const build = (folder: string, options = '{}') => run(BUILD_JOB, `m.buildJob(${JSON.stringify(jobIn(folder))}, ${options})`);
  const bundleOf = (folder: string) => fs.readFileSync(path.join(folder, 'dist', 'job.mjs'), 'utf8');
  const manifestOf = (folder: string) => readManifest(path.join(folder, 'dist', 'job.manifest.json'));

  /** A job built once, so that the next build may find it current. */
  function builtJob(): string {
    const folder = folderWith(JOB_SOURCES);
    expect(build(folder)).toEqual({ built: true, reason: 'no manifest' });
    return folder;
  }

  it('GIVEN a job built once WHEN nothing changed THEN the next build is skipped and leaves the bundle and the archive as they were', () => {
    const folder = builtJob();
    const before = ['job.mjs', 'job.tar', 'job.manifest.json'].map((file) => fs.readFileSync(path.join(folder, 'dist', file)));

    expect(build(folder)).toEqual({ built: false, reason: 'up to date' });
    expect(['job.mjs', 'job.tar', 'job.manifest.json'].map((file) => fs.readFileSync(path.join(folder, 'dist', file)))).toEqual(before);
  });

  it('GIVEN a built job THEN its manifest lists every source esbuild read, the build scripts and the Dockerfile, and both outputs with their hashes', () => {
    const folder = builtJob();
    const manifest = manifestOf(folder);

    expect(Object.keys(manifest.files)).toEqual(
      expect.arrayContaining([
        path.join(folder, 'src', 'main.ts'),
        path.join(folder, 'src', 'greeting.ts'),
        path.join(folder, 'Dockerfile'),
        path.join(PROJECT_ROOT, 'notifier', 'build.mjs'),
      ]),
    );
    expect(manifest.files[path.join(folder, 'Dockerfile')]).toEqual({ stat: expect.any(String), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // Absent, and recorded as such: one that appears makes the next run build.
    expect(manifest.files[path.join(folder, '.dockerignore')]).toEqual({ absent: true });
    expect(Object.keys(manifest.outputs)).toEqual([path.join(folder, 'dist', 'job.mjs'), path.join(folder, 'dist', 'job.tar')]);
    expect(manifest.key).toMatchObject({ node: process.version, esbuild: expect.stringMatching(/^\d+\.\d+\.\d+/), job: 'job' });
  });

  it('GIVEN a built job WHEN a source it imports changes THEN it is built again, says which file changed, and the bundle holds the change', () => {
    const folder = builtJob();
    write(folder, 'src/greeting.ts', "export const greeting = (name: string): string => `goodbye ${name}`;\n");

    expect(build(folder)).toEqual({ built: true, reason: `${path.relative(PROJECT_ROOT, path.join(folder, 'src', 'greeting.ts'))} changed` });
    expect(bundleOf(folder)).toContain('goodbye');
    expect(build(folder)).toEqual({ built: false, reason: 'up to date' });
  });

  it('GIVEN a built job WHEN a source is touched without a change THEN its hash decides: not built, and the manifest keeps the new stat', () => {
    const folder = builtJob();
    const source = path.join(folder, 'src', 'greeting.ts');
    const recorded = manifestOf(folder).files[source];
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(source, later, later);

    expect(build(folder)).toEqual({ built: false, reason: 'up to date' });
    expect(manifestOf(folder).files[source]).toEqual({ stat: expect.not.stringMatching(`^${recorded.stat}$`), sha256: recorded.sha256 });
  });

  it('GIVEN a built job WHEN a source is removed (and its import with it) THEN it is built again without it', () => {
    const folder = builtJob();
    write(folder, 'src/main.ts', "console.log('alone');\n");
    fs.rmSync(path.join(folder, 'src', 'greeting.ts'));

    expect(build(folder).built).toBe(true);
    expect(bundleOf(folder)).not.toContain('hello');
    expect(Object.keys(manifestOf(folder).files)).not.toContain(path.join(folder, 'src', 'greeting.ts'));
  });

  it.each([
    ['a file is added beside its sources (it may change how an import resolves)', (folder: string) => write(folder, 'src/greeting.js', 'export const greeting = () => "shadow";\n'), /^a file was added to or removed from .*src$/],
    ['a .dockerignore appears', (folder: string) => write(folder, '.dockerignore', '*\n!dist/job.tar\n'), /\.dockerignore appeared$/],
    ['the Dockerfile changes', (folder: string) => write(folder, 'Dockerfile', 'FROM busybox\nADD dist/job.tar /\n'), /Dockerfile changed$/],
    ['a tsconfig.json appears above its sources', (folder: string) => write(folder, 'tsconfig.json', '{}\n'), /tsconfig\.json appeared$/],
    ['its bundle is deleted', (folder: string) => fs.rmSync(path.join(folder, 'dist', 'job.mjs')), /job\.mjs is missing$/],
    ['its archive is edited', (folder: string) => fs.appendFileSync(path.join(folder, 'dist', 'job.tar'), 'x'), /job\.tar changed$/],
    [
      'it was built by another esbuild',
      (folder: string) => {
        const file = path.join(folder, 'dist', 'job.manifest.json');
        const manifest = readManifest(file);
        fs.writeFileSync(file, JSON.stringify({ ...manifest, key: { ...manifest.key, esbuild: '0.0.1' } }));
      },
      /^built with .*"esbuild":"0\.0\.1"/,
    ],
    ['its manifest is unreadable', (folder: string) => fs.writeFileSync(path.join(folder, 'dist', 'job.manifest.json'), '{'), /^no manifest$/],
  ])('GIVEN a built job WHEN %s THEN it is built again and says why', (_, change, reason) => {
    const folder = builtJob();
    change(folder);

    const outcome = build(folder);
    expect(outcome.built).toBe(true);
    expect(outcome.reason).toMatch(reason);
    expect(build(folder)).toEqual({ built: false, reason: 'up to date' });
  });

  it('GIVEN a current job WHEN the build is forced THEN it builds', () => {
    const folder = builtJob();
    expect(build(folder, '{ force: true }')).toEqual({ built: true, reason: 'forced' });
  });

  it('GIVEN a job that imports from outside its source folders THEN the build fails and leaves no manifest that could serve it', () => {
    const folder = folderWith({ ...JOB_SOURCES, 'src/main.ts': "import { x } from '../outside';\nconsole.log(x);\n", 'outside.ts': 'export const x = 1;\n' });
    expect(() => build(folder)).toThrow(/job bundle must hold only/);
    expect(fs.existsSync(path.join(folder, 'dist', 'job.manifest.json'))).toBe(false);
    expect(fs.existsSync(path.join(folder, 'dist', 'job.mjs'))).toBe(false);
  });
});

describe('bundle (scripts/bundle.mjs)', () => {
  const build = (entry: string, outfile: string) => run(BUNDLE, `m.bundle(${JSON.stringify(entry)}, ${JSON.stringify(outfile)})`);

  it('GIVEN a command bundle built once THEN it is built again only when a module it bundles changes, and lists node_modules inputs with their package.json', () => {
    const folder = folderWith({
      'cli.ts': "import { Token } from 'cdktf';\nimport { answer } from './answer';\nconsole.log(Token.isUnresolved(answer()));\n",
      'answer.ts': 'export const answer = (): number => 42;\n',
    });
    const entry = path.join(folder, 'cli.ts');
    const outfile = path.join(folder, 'out', 'cli.js');

    expect(build(entry, outfile)).toEqual({ built: true, reason: 'no manifest' });
    expect(build(entry, outfile)).toEqual({ built: false, reason: 'up to date' });
    const manifest = readManifest(`${outfile}.manifest.json`);
    const cdktfPackage = path.join(fs.realpathSync(path.join(PROJECT_ROOT, 'node_modules', 'cdktf')), 'package.json');
    expect(Object.keys(manifest.files)).toEqual(expect.arrayContaining([path.join(folder, 'answer.ts'), cdktfPackage, path.join(PROJECT_ROOT, 'scripts', 'lazy-stack-trace.ts')]));

    write(folder, 'answer.ts', 'export const answer = (): number => 43;\n');
    expect(build(entry, outfile)).toEqual({ built: true, reason: `${path.relative(PROJECT_ROOT, path.join(folder, 'answer.ts'))} changed` });
    expect(fs.readFileSync(outfile, 'utf8')).toContain('43');
  });
});
