// The build context of an image: exactly what the build receives, its hash (the image tag), scratch volumes
// and the files written for the Docker provider.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  buildFolderProblem,
  CONTEXT_MTIME,
  imageContext,
  type ImageContextInput,
  SCRATCH_ARCHIVE,
  scratchArchive,
  writeImageContext,
} from '../../../stacks/builders/image-context';
import { PROJECT_ROOT } from '../../helpers';

const NOTIFIER = path.join(PROJECT_ROOT, 'notifier');

function folder(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(process.env.TMPDIR ?? path.join(PROJECT_ROOT, '.tmp'), 'context-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}

const input = (directory: string, extra: Partial<ImageContextInput> = {}): ImageContextInput => ({
  directory,
  dockerfile: 'Dockerfile',
  buildArgs: {},
  platform: 'linux/amd64',
  ...extra,
});
const pathsOf = (directory: string, extra: Partial<ImageContextInput> = {}) => imageContext(input(directory, extra)).entries.map((entry) => entry.path);
const hashOf = (directory: string, extra: Partial<ImageContextInput> = {}) => imageContext(input(directory, extra)).hash;

/** Parses a tar archive's headers: name, mode, uid, gid, mtime, type. */
function tarEntries(archive: Buffer): { name: string; mode: number; uid: number; gid: number; mtime: number; type: string }[] {
  const entries = [];
  for (let offset = 0; offset + 512 <= archive.length; ) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const text = (start: number, length: number) => header.toString('utf8', start, start + length).replace(/\0.*$/s, '');
    const octal = (start: number, length: number) => parseInt(text(start, length).trim() || '0', 8);
    const size = octal(124, 12);
    const prefix = text(345, 155);
    entries.push({ name: prefix ? `${prefix}/${text(0, 100)}` : text(0, 100), mode: octal(100, 8), uid: octal(108, 8), gid: octal(116, 8), mtime: octal(136, 12), type: text(156, 1) });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

describe('imageContext', () => {
  // A copy of notifier/ with its own build: other test files rebuild notifier/dist while this one runs.
  const notifierCopy = () => {
    const copy = fs.mkdtempSync(path.join(process.env.TMPDIR ?? path.join(PROJECT_ROOT, '.tmp'), 'notifier-'));
    fs.cpSync(NOTIFIER, copy, { recursive: true, filter: (source) => !source.includes(`${path.sep}dist`) });
    const build = () => execFileSync(process.execPath, [path.join(copy, 'build.mjs')], { cwd: PROJECT_ROOT, stdio: 'pipe' });
    build();
    return { copy, build };
  };

  describe('GIVEN the notifier folder', () => {
    it('holds what notifier/.dockerignore admits, the Dockerfile and the .dockerignore, nothing of src/', () => {
      expect(pathsOf(notifierCopy().copy)).toEqual(['.dockerignore', 'Dockerfile', 'dist', 'dist/notifier.tar']);
    });

    it('keeps its hash when a file the build never receives appears or a comment changes in src/, and moves it when the bundle changes', () => {
      const { copy, build } = notifierCopy();
      const before = hashOf(copy);

      fs.writeFileSync(path.join(copy, '.DS_Store'), 'Finder');
      fs.writeFileSync(path.join(copy, 'src', 'NOTES.md'), 'notes');
      const main = path.join(copy, 'src', 'main.ts');
      fs.writeFileSync(main, `// a comment the bundle drops\n${fs.readFileSync(main, 'utf8')}`);
      build();
      expect(hashOf(copy)).toBe(before);

      fs.writeFileSync(main, `${fs.readFileSync(main, 'utf8')}\nconsole.log('changed');\n`);
      build();
      expect(hashOf(copy)).not.toBe(before);
    });
  });

  it('GIVEN .dockerignore rules with exceptions THEN only admitted files, their folders, the Dockerfile and .dockerignore are received', () => {
    const root = folder({
      Dockerfile: 'FROM scratch\n',
      '.dockerignore': '*\n!app/\napp/**/*.md\n',
      'app/run.sh': 'echo hi\n',
      'app/docs/README.md': 'docs',
      'node_modules/x/index.js': 'x',
      '.git/HEAD': 'ref',
    });
    expect(pathsOf(root)).toEqual(['.dockerignore', 'Dockerfile', 'app', 'app/docs', 'app/run.sh']);
  });

  it('GIVEN a Dockerfile the .dockerignore excludes THEN the build still receives it (as docker does)', () => {
    const root = folder({ 'build/Dockerfile.prod': 'FROM scratch\n', '.dockerignore': 'build\n', 'app.sh': 'x' });
    expect(pathsOf(root, { dockerfile: 'build/Dockerfile.prod' })).toEqual(['.dockerignore', 'app.sh', 'build', 'build/Dockerfile.prod']);
  });

  it('moves its hash with an admitted file, its mode, a build argument, the platform or the scratch volumes, and with nothing else', () => {
    const root = folder({ Dockerfile: 'FROM scratch\nCOPY app.sh /\n', '.dockerignore': 'README.md\n', 'app.sh': 'echo 1\n' });
    const first = hashOf(root);
    fs.writeFileSync(path.join(root, 'README.md'), 'ignored');
    expect(hashOf(root)).toBe(first);
    expect(hashOf(root, { buildArgs: { MODE: 'full' } })).not.toBe(first);
    expect(hashOf(root, { platform: 'linux/arm64' })).not.toBe(first);
    expect(hashOf(root, { scratch: { paths: ['/tmp'], user: '65532:65532' } })).not.toBe(first);
    expect(hashOf(root, { scratch: { paths: [], user: '65532:65532' } })).toBe(first);
    fs.chmodSync(path.join(root, 'app.sh'), 0o755);
    const executable = hashOf(root);
    expect(executable).not.toBe(first);
    fs.writeFileSync(path.join(root, 'app.sh'), 'echo 2\n');
    expect(hashOf(root)).not.toBe(executable);
  });

  describe('GIVEN scratch volumes', () => {
    const root = folder({ Dockerfile: 'FROM base\nUSER 1000:1000', '.dockerignore': '*\n!app.sh\n', 'app.sh': 'x' });
    const context = imageContext(input(root, { scratch: { paths: ['/data/cache', '/tmp'], user: '1000:1000' } }));
    const file = (name: string) => {
      const entry = context.entries.find((candidate) => candidate.path === name);
      if (entry?.kind !== 'file') throw new Error(`no file ${name}`);
      return entry.content;
    };

    it('THEN the Dockerfile ends by adding the owned folders and declaring a VOLUME at each, after the user\'s own instructions', () => {
      const lines = file('Dockerfile').toString('utf8').split('\n');
      expect(lines.slice(0, 2)).toEqual(['FROM base', 'USER 1000:1000']);
      expect(lines).toContain(`ADD ${SCRATCH_ARCHIVE} /`);
      expect(lines).toContain('VOLUME ["/data/cache","/tmp"]');
      expect(lines.indexOf(`ADD ${SCRATCH_ARCHIVE} /`)).toBeLessThan(lines.indexOf('VOLUME ["/data/cache","/tmp"]'));
    });

    it('THEN the archive reaches the build although the folder\'s .dockerignore excludes everything else', () => {
      expect(context.entries.map((entry) => entry.path)).toContain(SCRATCH_ARCHIVE);
      expect(file('.dockerignore').toString('utf8').trim().split('\n').pop()).toBe(`!${SCRATCH_ARCHIVE}`);
    });

    it('THEN the archive holds each folder owned by the task user, mode 0755, at a fixed time, and no parent folder', () => {
      expect(tarEntries(file(SCRATCH_ARCHIVE))).toEqual([
        { name: 'data/cache/', mode: 0o755, uid: 1000, gid: 1000, mtime: 0, type: '5' },
        { name: 'tmp/', mode: 0o755, uid: 1000, gid: 1000, mtime: 0, type: '5' },
      ]);
    });

    it('THEN a user without a group owns them with group 0, and the archive is the same every time', () => {
      expect(tarEntries(scratchArchive({ paths: ['/work'], user: '4242' }))).toEqual([{ name: 'work/', mode: 0o755, uid: 4242, gid: 0, mtime: 0, type: '5' }]);
      expect(scratchArchive({ paths: ['/b', '/a'], user: '1' }).equals(scratchArchive({ paths: ['/a', '/b/'], user: '1' }))).toBe(true);
    });
  });
});

describe('writeImageContext', () => {
  it('writes every file the build receives, with its content and mode, and every file and folder at the fixed time', () => {
    const root = folder({ Dockerfile: 'FROM scratch\n', 'bin/run.sh': 'echo\n', '.dockerignore': 'skip\n', skip: 'no' });
    fs.chmodSync(path.join(root, 'bin', 'run.sh'), 0o750);
    const context = imageContext(input(root));
    const target = path.join(fs.mkdtempSync(path.join(process.env.TMPDIR ?? path.join(PROJECT_ROOT, '.tmp'), 'written-')), 'context');

    writeImageContext(context, target);

    expect(fs.readFileSync(path.join(target, 'bin', 'run.sh'), 'utf8')).toBe('echo\n');
    expect(fs.statSync(path.join(target, 'bin', 'run.sh')).mode & 0o777).toBe(0o750);
    expect(fs.existsSync(path.join(target, 'skip'))).toBe(false);
    for (const name of ['', 'bin', 'bin/run.sh', 'Dockerfile', '.dockerignore']) {
      expect(fs.statSync(path.join(target, name)).mtime.getTime()).toBe(CONTEXT_MTIME.getTime());
    }
  });
});

describe('buildFolderProblem', () => {
  const root = folder({ Dockerfile: 'FROM scratch\n', 'sub/file.txt': 'x' });

  it('GIVEN a folder holding its Dockerfile THEN there is none', () => {
    expect(buildFolderProblem(root, 'Dockerfile')).toBeUndefined();
  });

  it.each<[string, () => [string, string], string, RegExp]>([
    ['a missing folder', () => [path.join(root, 'nope'), 'Dockerfile'], 'directory', /^no such folder: .*nope$/],
    ['a file instead of a folder', () => [path.join(root, 'Dockerfile'), 'Dockerfile'], 'directory', /^not a folder: /],
    ['a folder without the Dockerfile', () => [path.join(root, 'sub'), 'Dockerfile'], 'dockerfile', /^no such file in the build folder: .*sub\/Dockerfile$/],
    ['a Dockerfile outside the folder', () => [path.join(root, 'sub'), '../Dockerfile'], 'dockerfile', /^must be inside the build folder /],
  ])('GIVEN %s THEN the field and what is wrong are named', (_name, args, field, message) => {
    expect(buildFolderProblem(...args())).toEqual({ field, message: expect.stringMatching(message) });
  });
});
