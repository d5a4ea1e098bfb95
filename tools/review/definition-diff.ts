/**
 * A unified diff of two JSON documents (state machine definitions), pretty-printed with sorted keys first so
 * that only real changes show, not key order or whitespace. Uses jsdiff (`diff` on npm).
 */
import { structuredPatch } from 'diff';
import { isRecord } from './model';

/** Lines of context around each change. */
const CONTEXT_LINES = 3;

export function prettyJson(text: string): string {
  try {
    return `${JSON.stringify(sortKeys(JSON.parse(text)), null, 2)}\n`;
  } catch {
    return text.endsWith('\n') ? text : `${text}\n`;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

/** Unified diff without file headers; empty when the documents are equal. */
export function jsonDiff(before: string, after: string): string {
  const patch = structuredPatch('before', 'after', prettyJson(before), prettyJson(after), undefined, undefined, { context: CONTEXT_LINES });
  return patch.hunks
    .map((hunk) => [`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, ...hunk.lines].join('\n'))
    .join('\n');
}
