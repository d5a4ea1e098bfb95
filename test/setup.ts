// Jest setup for every test file.
import * as fs from 'node:fs';
import * as path from 'node:path';

// cdktf's Testing.app() leaves temporary folders behind: keep them inside the project, under .tmp/.
const tmp = path.join(__dirname, '..', '.tmp');
fs.mkdirSync(tmp, { recursive: true });
process.env.TMPDIR = tmp;
process.env.CHECKPOINT_DISABLE = '1';

// aws-local-stepfunctions needs Promise.withResolvers (Node 22); without it its tasks fail silently and a
// States.ALL catch would hide that. Polyfill it on Node 20.
if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
