import type { Flag, ReviewRule } from '../flag';
import { code } from '../flag';

/** Every resource destroyed and created again: its data, its ID and everything pointing at it change. */
export const replaceRule: ReviewRule = {
  kind: 'replace',
  check(change): Flag[] {
    if (change.action !== 'replace') return [];
    const order = change.createBeforeDestroy ? 'new one created before the old one is destroyed' : 'old one destroyed before the new one is created';
    const forcedBy = change.replacePaths.length > 0 ? `, forced by ${change.replacePaths.map(code).join(', ')}` : '';
    const requested = change.reason === 'replace_by_request' ? ', requested with -replace' : '';
    return [{ kind: 'replace', address: change.address, title: `**REPLACE** ${code(change.address)} (${order}${forcedBy}${requested})`, details: [] }];
  },
};
