// A private network: a NAT gateway per zone and the interface endpoints.
import { buildApp } from '../../stacks/app/app';
import { environment, IMAGE_URI, workflow } from '../helpers';
import { describeDeploy } from './deploy-harness';
import * as path from 'node:path';

describeDeploy({
  name: 'a private network with a NAT gateway per zone and interface endpoints',
  synthesize: (_aws, outdir) => {
    const env = environment({ network: { mode: 'private', natGateways: 'per-zone', endpoints: true }, workflows: [workflow('etl', { notifyOnSuccess: true })] });
    buildApp([env], { outdir, variables: { NOTIFIER_IMAGE_URI: IMAGE_URI } }).synth();
    return path.join(outdir, 'stacks', env.name);
  },
});
