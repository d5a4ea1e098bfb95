// The default app (main.ts as shipped: test/fixtures/seed-app.ts, public network), synthesized as `npm run synth` does, in image-URI mode.
import * as path from 'node:path';
import { synthApp } from '../helpers';
import { describeDeploy } from './deploy-harness';

describeDeploy({
  name: 'the default app (public network)',
  synthesize: () => path.join(synthApp('image-uri', 'deploy-main-').outdir, 'stacks', 'dev'),
  checkAccountGuard: true,
});
