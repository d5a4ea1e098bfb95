// The reasons a run ends for, their exit codes, and the operating guide's table of them: one list, documented as it is.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_RETRY } from '../../notifier/src/config';
import { EXIT_BAD_INPUT, EXIT_DELIVERED, EXIT_NOT_DELIVERED, exitCodeOf, type Reason, REASONS } from '../../notifier/src/outcome';
import { REPO_ROOT } from './helpers';

const reasons = Object.keys(REASONS) as Reason[];

/** The rows of the table of reasons in docs/operating.md (notifier section): reason -> [exit code, retried]. */
function readmeReasons(): Map<string, [number, string]> {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'operating.md'), 'utf8');
  const start = readme.indexOf('## The notifier');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const rows = new Map<string, [number, string]>();
  for (const match of section.matchAll(/^\| `([a-z_]+)` \| (\d) \|\s*(yes|no)?\s*\|/gm)) rows.set(match[1], [Number(match[2]), match[3] ?? '']);
  return rows;
}

describe('outcome reasons', () => {
  it('keep the exit code contract: 0 only for a delivery, 2 only for bad input, 1 for every other ending', () => {
    expect(reasons.filter((reason) => exitCodeOf(reason) === EXIT_DELIVERED)).toEqual(['delivered']);
    expect(reasons.filter((reason) => exitCodeOf(reason) === EXIT_BAD_INPUT).sort()).toEqual(['bad_input', 'webhook_not_slack', 'webhook_secret_empty']);
    expect(reasons.filter((reason) => exitCodeOf(reason) === EXIT_NOT_DELIVERED).sort()).toEqual([
      'internal_error',
      'message_rejected',
      'rate_limited',
      'slack_unavailable',
      'stopped',
      'unexpected_response',
      'webhook_revoked',
    ]);
  });

  it('are each in docs/operating.md with their exit code and whether they are retried, and it has no other', () => {
    const documented = readmeReasons();
    expect([...documented.keys()].sort()).toEqual([...reasons].sort());
    for (const reason of reasons) {
      const retried = reason === 'delivered' ? '' : REASONS[reason].retried ? 'yes' : 'no';
      expect([reason, ...(documented.get(reason) ?? [])]).toEqual([reason, exitCodeOf(reason), retried]);
    }
  });

  it('name in docs/operating.md the defaults the notifier uses', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'operating.md'), 'utf8');
    expect(readme).toContain(`| \`NOTIFY_DEADLINE_MS\` | ${DEFAULT_RETRY.deadlineMs} (${DEFAULT_RETRY.deadlineMs / 60_000} min) |`);
    expect(readme).toContain(`| \`NOTIFY_ATTEMPT_TIMEOUT_MS\` | ${DEFAULT_RETRY.attemptTimeoutMs} |`);
    expect(readme).toContain(`| \`NOTIFY_BACKOFF_BASE_MS\`, \`NOTIFY_BACKOFF_MAX_MS\` | ${DEFAULT_RETRY.backoffBaseMs}, ${DEFAULT_RETRY.backoffMaxMs} |`);
    expect(readme).toContain(`| \`NOTIFY_MAX_ATTEMPTS\` | ${DEFAULT_RETRY.maxAttempts} |`);
  });
});
