// The default app (main.ts, public network), synthesized as `npm run synth` does, in image-URI mode.
import * as path from 'node:path';
import { synthMain } from '../helpers';
import { describeDeploy } from './deploy-harness';

describeDeploy({
  name: 'the default app (main.ts, public network)',
  synthesize: () => path.join(synthMain('image-uri', 'deploy-main-').outdir, 'stacks', 'dev'),
  checkAccountGuard: true,
});
