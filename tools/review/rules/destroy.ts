import type { Flag, ReviewRule } from '../flag';
import { code } from '../flag';

const REASONS: Record<string, string> = {
  delete_because_no_resource_config: 'it is no longer in the configuration',
  delete_because_no_module: 'its module is no longer in the configuration',
  delete_because_wrong_repetition: 'count / for_each changed',
  delete_because_count_index: 'its count index is gone',
  delete_because_each_key: 'its for_each key is gone',
  delete_because_no_move_target: 'its moved target does not exist',
};

/** Every resource that is destroyed outright (replacements are the `replace` rule's). */
export const destroyRule: ReviewRule = {
  kind: 'destroy',
  check(change): Flag[] {
    if (change.action !== 'delete') return [];
    const why = change.reason ? (REASONS[change.reason] ?? change.reason) : undefined;
    return [{ kind: 'destroy', address: change.address, title: `**DESTROY** ${code(change.address)}${why ? `: ${why}` : ''}`, details: [] }];
  },
};
