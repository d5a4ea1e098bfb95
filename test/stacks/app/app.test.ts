import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildApp } from '../../../stacks/app/app';
import { ConfigError } from '../../../stacks/config/errors';
import { environment, IMAGE_URI, PROJECT_ROOT, synthApp } from '../../helpers';

const outdirIn = () => path.join(fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, 'app-')), 'cdktf.out');

describe('buildApp', () => {
  it('GIVEN invalid environments THEN throws one error listing every problem and writes nothing', () => {
    const outdir = outdirIn();
    let thrown: unknown;
    try {
      buildApp([environment({ accountId: '12', availabilityZones: ['ap-northeast-1a'] })], { outdir, variables: {} }).synth();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).problems.map((problem) => problem.path)).toEqual(['environments[0=dev].accountId', 'environments[0=dev].availabilityZones']);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it('GIVEN several kinds of bad input at once THEN one error lists each at its field, and nothing is written', () => {
    const outdir = outdirIn();
    const bad = environment({
      rolePath: 'workflows',
      webhookSecretArn: 'arn:aws:secretsmanager:eu-west-1:210987654321:secret:slack-AbCdEf',
      workflows: [
        {
          name: 'w',
          steps: [
            { name: 'a', image: 'notifier', environment: { DB_PASSWORD: 'hunter2hunter2' }, scratchPaths: ['/proc'], ephemeralStorageGiB: 10 },
            { name: 'b', image: { directory: '../outside' }, command: ['--token=abcdefabcdef'] },
            { name: 'c', image: 'notifier', timeoutSecond: 60 } as never,
          ],
        },
      ],
    });
    let thrown: unknown;
    try {
      buildApp([bad], { outdir, variables: { NOTIFIER_IMAGE_URI: IMAGE_URI } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).problems.map((problem) => problem.path).sort()).toEqual(
      [
        'environments[0=dev].rolePath',
        'environments[0=dev].webhookSecretArn',
        'environments[0=dev].workflows[0=w].steps[0=a].environment.DB_PASSWORD',
        'environments[0=dev].workflows[0=w].steps[0=a].ephemeralStorageGiB',
        'environments[0=dev].workflows[0=w].steps[0=a].scratchPaths[0]',
        'environments[0=dev].workflows[0=w].steps[1=b].command[0]',
        'environments[0=dev].workflows[0=w].steps[1=b].image.directory',
        'environments[0=dev].workflows[0=w].steps[2=c].timeoutSecond',
      ].sort(),
    );
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it('GIVEN half a Terraform Cloud configuration THEN says what is missing and writes nothing', () => {
    const outdir = outdirIn();
    expect(() => buildApp([environment()], { outdir, variables: { TF_WORKSPACE: 'wf-dev' } })).toThrow(
      /terraformCloud\.organization: Terraform Cloud needs an organization: set it here or in TF_CLOUD_ORGANIZATION/,
    );
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it('GIVEN a notifier image by tag THEN asks for a digest and writes nothing', () => {
    const outdir = outdirIn();
    expect(() => buildApp([environment()], { outdir, variables: { NOTIFIER_IMAGE_URI: 'registry.example.com/notifier:latest' } })).toThrow(
      /NOTIFIER_IMAGE_URI: must be pinned by digest/,
    );
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it('GIVEN two environments THEN renders one stack each, with local state by default', () => {
    const outdir = outdirIn();
    buildApp([environment(), environment({ name: 'prod', vpcCidr: '10.1.0.0/16', protectFromDestroy: true })], { outdir, variables: { NOTIFIER_IMAGE_URI: IMAGE_URI } }).synth();
    expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(['dev', 'prod']);
    const prod = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'prod', 'cdk.tf.json'), 'utf8')) as { terraform: { backend: { local: { path: string } } } };
    expect(prod.terraform.backend.local.path).toMatch(/terraform\.prod\.tfstate$/);
  });
});

describe('an app entry run as npm run synth runs main.ts', () => {
  it('renders its environments into CDKTF_OUTDIR', () => {
    const { outdir, stderr } = synthApp('image-uri');
    expect(stderr).toBe('');
    const stack = fs.readFileSync(path.join(outdir, 'stacks', 'dev', 'cdk.tf.json'), 'utf8');
    expect(stack).toContain('"name": "wf-dev-daily-batch"');
  });
});
