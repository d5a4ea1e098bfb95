/**
 * EventBridge Scheduler schedule expressions and their time zone, checked the way AWS documents them, so that
 * a schedule that synthesizes is one AWS accepts and reads as its author meant.
 *
 * Sources: "Schedule types on EventBridge Scheduler" (EventBridge Scheduler User Guide) for the cron fields,
 * their values and wildcards, rate units and one-time `at()` schedules; "CreateSchedule" (EventBridge
 * Scheduler API Reference) for ScheduleExpression and ScheduleExpressionTimezone.
 *
 * Two checks go beyond what AWS refuses, because AWS would accept the value and read it otherwise than meant:
 * - a day-of-week that looks copied from crontab (crontab counts 0-7 from Sunday = 0, AWS 1-7 from Sunday = 1,
 *   so crontab's `1-5`, Monday to Friday, is Sunday to Thursday in AWS);
 * - a time zone that is not a canonical IANA name (`JST`, `US/Pacific`, `asia/tokyo`): abbreviations are
 *   ambiguous, and spellings Node.js resolves are not all ones AWS resolves.
 *
 * The time zone checks are in scheduler-time-zones.ts, and exported from here too.
 */
import type { AwsRule } from './rule';

export { canonicalTimeZones, RENAMED_ZONES, TIME_ZONE_MAX, timeZoneProblem } from './scheduler-time-zones';

export const SCHEDULER_EXPRESSION_RULES: readonly AwsRule[] = [
  {
    id: 'scheduler.expression-forms',
    rule: 'A schedule expression is at(yyyy-mm-ddThh:mm:ss) for one run, rate(value unit) or cron(minutes hours day-of-month month day-of-week year).',
    source: 'CreateSchedule (EventBridge Scheduler API Reference)',
  },
  {
    id: 'scheduler.rate-units',
    rule: 'A rate is a positive whole number of minutes, hours or days, with the unit singular for 1 and plural otherwise.',
    source: 'Schedule types on EventBridge Scheduler (EventBridge Scheduler User Guide)',
  },
  {
    id: 'scheduler.cron-field-values',
    rule: 'Cron fields take minutes 0-59, hours 0-23, day-of-month 1-31, month 1-12 or JAN-DEC, day-of-week 1-7 or SUN-SAT with 1 = Sunday, year 1970-2199.',
    source: 'Schedule types on EventBridge Scheduler (EventBridge Scheduler User Guide)',
  },
  {
    id: 'scheduler.cron-wildcards',
    rule: 'Every cron field takes , - and *, and every field but day-of-week takes /; ? and L only day-of-month and day-of-week, W only day-of-month, # only day-of-week and alone.',
    source: 'Schedule types on EventBridge Scheduler (EventBridge Scheduler User Guide)',
  },
  {
    id: 'scheduler.cron-day-fields',
    rule: 'One of day-of-month and day-of-week is ? and the other a value or *.',
    source: 'Schedule types on EventBridge Scheduler (EventBridge Scheduler User Guide)',
  },
  {
    id: 'scheduler.time-zone',
    rule: 'A schedule is evaluated in the time zone it names (1 to 50 characters, a time zone database name such as Asia/Tokyo), UTC by default.',
    source: 'CreateSchedule (EventBridge Scheduler API Reference)',
  },
];

const FORMS = 'must be cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss)';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
/** AWS day-of-week names by number: 1 = SUN ... 7 = SAT. */
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names for the values min, min + 1, ... (months, days). */
  readonly names?: readonly string[];
  /** Whether `/` (increments) is allowed, and the largest increment. */
  readonly increments?: number;
  /** Whether `?` is allowed (day-of-month, day-of-week). */
  readonly any?: boolean;
}

const FIELDS: readonly CronField[] = [
  { name: 'minutes', min: 0, max: 59, increments: 59 },
  { name: 'hours', min: 0, max: 23, increments: 23 },
  { name: 'day-of-month', min: 1, max: 31, increments: 31, any: true },
  { name: 'month', min: 1, max: 12, names: MONTHS, increments: 12 },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS, any: true },
  { name: 'year', min: 1970, max: 2199, increments: 229 },
];
const [, , DAY_OF_MONTH, , DAY_OF_WEEK] = FIELDS;

const SHAPES = FIELDS.map((field) => field.name).join(' ');

/**
 * Every problem of a schedule expression, each saying what is allowed (and, for a crontab line, the
 * expression to write instead); empty when AWS accepts it and reads it as written.
 */
export function scheduleExpressionProblems(expression: string): string[] {
  if (expression.startsWith('rate(')) return rateProblems(expression);
  if (expression.startsWith('at(')) return atProblems(expression);
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (!cron) {
    const crontab = crontabAdvice(expression);
    return [crontab ?? FORMS];
  }
  const text = cron[1];
  if (text !== text.trim() || text.length === 0) return [`cron fields are separated by single spaces, none before or after: cron(${text.trim()})`];
  const fields = text.split(/ +/);
  if (fields.length === 5) return [crontabAdvice(text) ?? `cron needs 6 fields (${SHAPES}), got 5`];
  if (fields.length !== 6) return [`cron needs 6 fields (${SHAPES}), got ${fields.length}`];
  const problems = fields.flatMap((value, index) => fieldProblems(FIELDS[index], value));
  problems.push(...dayFieldsProblems(fields));
  return problems;
}

function rateProblems(expression: string): string[] {
  const rate = /^rate\((\d+) ([a-z]+)\)$/.exec(expression);
  if (!rate) return ['a rate is rate(value unit), such as rate(1 day) or rate(15 minutes)'];
  const value = Number(rate[1]);
  const unit = rate[2].replace(/s$/, '');
  if (!['minute', 'hour', 'day'].includes(unit)) return [`the unit of a rate is minute(s), hour(s) or day(s), not "${rate[2]}"`];
  if (value < 1 || rate[1].startsWith('0')) return ['the value of a rate is a positive whole number without leading zeros'];
  const right = `rate(${value} ${unit}${value === 1 ? '' : 's'})`;
  return right === expression ? [] : [`the unit is singular for 1 and plural otherwise: ${right}`];
}

function atProblems(expression: string): string[] {
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expression);
  if (!at) return ['a one-time schedule is at(yyyy-mm-ddThh:mm:ss), such as at(2026-12-01T09:00:00), in the schedule\'s time zone'];
  const [year, month, day, hour, minute, second] = at.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day &&
    date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second;
  return real ? [] : [`${expression.slice(3, -1)} is not a date and time of the calendar`];
}

/** A value of a field: a number or, for months and days, a name. */
function valueOf(field: CronField, token: string): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  const index = field.names?.indexOf(token) ?? -1;
  return index >= 0 ? field.min + index : undefined;
}

function fieldProblems(field: CronField, text: string): string[] {
  const { name } = field;
  if (text === '?') return field.any ? [] : [`${name} cannot be ?: only day-of-month and day-of-week can`];
  if (text.includes('?')) return [`${name} ${text}: ? stands alone in its field`];
  if (field.names && /[a-z]/.test(text)) return [`${name} ${text}: write names in capitals (${field.names.slice(0, 3).join(', ')}, ...)`];

  const special = specialProblems(field, text);
  if (special !== undefined) return special;
  const withoutNames = (field.names ?? []).reduce((rest, dayOrMonth) => rest.split(dayOrMonth).join(''), text);
  if (/[LW#]/.test(withoutNames)) {
    const where = field === DAY_OF_MONTH ? 'L and nW stand alone in day-of-month' : field === DAY_OF_WEEK ? 'L, nL and n#k stand alone in day-of-week' : `${name} takes no L, W or #`;
    return [`${name} ${text}: ${where}`];
  }

  const problems = text.split(',').flatMap((item) => itemProblems(field, item));
  if (problems.length === 0 && field === DAY_OF_WEEK) problems.push(...crontabLookingDayOfWeek(text));
  return problems;
}

/** L, nW (day-of-month), L, nL, n#k (day-of-week): undefined when the field is none of these. */
function specialProblems(field: CronField, text: string): string[] | undefined {
  if (field !== DAY_OF_MONTH && field !== DAY_OF_WEEK) return undefined;
  if (text === 'L') return [];
  const weekday = field === DAY_OF_MONTH ? /^(\d+)W$/.exec(text) : null;
  if (weekday) return valueProblems(field, weekday[1]);
  const last = field === DAY_OF_WEEK ? /^(\d+|[A-Z]+)L$/.exec(text) : null;
  if (last) return valueProblems(field, last[1]);
  const nth = field === DAY_OF_WEEK ? /^(\d+|[A-Z]+)#(\d+)$/.exec(text) : null;
  if (nth) {
    const problems = valueProblems(field, nth[1]);
    const k = Number(nth[2]);
    if (k < 1 || k > 5) problems.push(`day-of-week ${text}: the k of n#k is the k-th such day of the month, 1 to 5`);
    return problems;
  }
  return undefined;
}

function itemProblems(field: CronField, item: string): string[] {
  const { name } = field;
  const parts = /^(\*|[A-Z0-9]+(?:-[A-Z0-9]+)?)(?:\/(\d+))?$/.exec(item);
  if (!parts) return [`${name} "${item}" is not a value, range (a-b), increment (a/n) or *`];
  const problems: string[] = [];
  const [, base, increment] = parts;
  if (increment !== undefined) {
    if (field.increments === undefined) problems.push(`${name} ${item}: ${name} takes no / (increments)`);
    else if (Number(increment) < 1 || Number(increment) > field.increments) problems.push(`${name} ${item}: the increment must be 1 to ${field.increments}`);
  }
  if (base === '*') return problems;
  const [from, to] = base.split('-');
  problems.push(...valueProblems(field, from));
  if (to !== undefined) {
    problems.push(...valueProblems(field, to));
    const low = valueOf(field, from);
    const high = valueOf(field, to);
    if (low !== undefined && high !== undefined && low > high) problems.push(`${name} ${base}: a range goes from low to high; split it into two`);
  }
  return problems;
}

function valueProblems(field: CronField, token: string): string[] {
  const value = valueOf(field, token);
  const allowed = `${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ''}`;
  if (value === undefined) return [`${field.name} ${token} is not a value: ${allowed}`];
  if (value >= field.min && value <= field.max) return [];
  if (field === DAY_OF_WEEK && value === 0) {
    return ['day-of-week 0 does not exist in AWS, which counts 1-7 from Sunday (1 = SUN, 7 = SAT): crontab\'s 0, Sunday, is 1 or SUN here'];
  }
  return [`${field.name} ${token} is out of range: ${allowed}${field === DAY_OF_WEEK ? ' (1 = SUN)' : ''}`];
}

/** A day-of-week that AWS accepts but that, read as crontab, is the weekdays or the weekend: it was copied. */
function crontabLookingDayOfWeek(text: string): string[] {
  if (!/^[\d,-]+$/.test(text) || !/[,-]/.test(text)) return [];
  const asCrontab = crontabDays(text);
  const weekdays = [1, 2, 3, 4, 5];
  const weekend = [0, 6];
  if (!asCrontab || !(sameSet(asCrontab, weekdays) || sameSet(asCrontab, weekend))) return [];
  const awsReading = text.replace(/\d+/g, (day) => DAYS[Number(day) - 1]);
  const meant = compressDays(asCrontab.map((day) => day + 1), 'names');
  return [
    `day-of-week ${text} reads in AWS as ${awsReading} (1 = Sunday), but looks copied from crontab, where it means ${meant}: ` +
      `write the days by name, ${meant} (AWS ${compressDays(asCrontab.map((day) => day + 1), 'numbers')}) or ${awsReading} if that is what you mean`,
  ];
}

function sameSet(values: readonly number[], expected: readonly number[]): boolean {
  return values.length === expected.length && expected.every((value) => values.includes(value));
}

function dayFieldsProblems(fields: readonly string[]): string[] {
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields;
  if (dayOfMonth === '?' && dayOfWeek === '?') return ['day-of-month and day-of-week cannot both be ?: give one of them a value or *'];
  if (dayOfMonth !== '?' && dayOfWeek !== '?') {
    const fix =
      dayOfWeek === '*' ? ` (every day: cron(${minutes} ${hours} ${dayOfMonth} ${month} ? ${year}))` :
      dayOfMonth === '*' ? ` (cron(${minutes} ${hours} ? ${month} ${dayOfWeek} ${year}))` : '';
    return [`one of day-of-month and day-of-week must be ?, the other a value or *${fix}`];
  }
  return [];
}

// ---- crontab ------------------------------------------------------------------------------------------------

const CRONTAB_MACROS: Readonly<Record<string, string>> = {
  '@hourly': 'cron(0 * * * ? *)',
  '@daily': 'cron(0 0 * * ? *)',
  '@midnight': 'cron(0 0 * * ? *)',
  '@weekly': 'cron(0 0 ? * SUN *)',
  '@monthly': 'cron(0 0 1 * ? *)',
  '@yearly': 'cron(0 0 1 1 ? *)',
  '@annually': 'cron(0 0 1 1 ? *)',
};

const CRONTAB_DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * For a crontab schedule (five fields, or a macro such as @daily), what to write instead, with the
 * day-of-week shifted to AWS's numbering; undefined when the text is not a crontab schedule.
 */
function crontabAdvice(text: string): string | undefined {
  const macro = CRONTAB_MACROS[text.trim().toLowerCase()];
  if (macro) return `is a crontab macro: write ${macro}`;
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const converted = fromCrontab(fields);
  if (!converted) {
    return `is a crontab line (minutes hours day-of-month month day-of-week); AWS needs 6 fields (${SHAPES}) and counts day-of-week 1-7 from Sunday`;
  }
  if ('either' in converted) {
    return `is a crontab line that runs when either the day of the month or the day of the week matches; AWS cannot say "either": make two schedules, ${converted.either.join(' and ')}`;
  }
  const shift = converted.dayOfWeek
    ? `; day-of-week shifted to AWS's numbering (1 = Sunday): crontab ${converted.dayOfWeek.crontab} (${converted.dayOfWeek.names}) is ${converted.dayOfWeek.aws} here`
    : '';
  return `is a crontab line; AWS needs 6 fields (${SHAPES}) with ? in day-of-month or day-of-week: write ${converted.expression}${shift}`;
}

type Converted =
  | { readonly expression: string; readonly dayOfWeek?: { readonly crontab: string; readonly aws: string; readonly names: string } }
  | { readonly either: readonly string[] };

/** The AWS expression(s) of a five-field crontab schedule, or undefined when it cannot be converted to a valid one. */
export function fromCrontab(fields: readonly string[]): Converted | undefined {
  const [minutes, hours, dayOfMonth, monthField, dayOfWeekField] = fields;
  const month = monthField.toUpperCase();
  const valid = (expression: string) => (scheduleExpressionProblems(expression).length === 0 ? expression : undefined);
  if (dayOfWeekField === '*') {
    const expression = valid(`cron(${minutes} ${hours} ${dayOfMonth} ${month} ? *)`);
    return expression ? { expression } : undefined;
  }
  const days = crontabDays(dayOfWeekField);
  if (!days) return undefined;
  const awsDays = days.map((day) => day + 1);
  const style = /\d/.test(dayOfWeekField) ? 'numbers' : 'names';
  const dayOfWeek = compressDays(awsDays, style);
  const byWeek = valid(`cron(${minutes} ${hours} ? ${month} ${dayOfWeek} *)`);
  if (!byWeek) return undefined;
  if (dayOfMonth !== '*') {
    const byMonth = valid(`cron(${minutes} ${hours} ${dayOfMonth} ${month} ? *)`);
    return byMonth ? { either: [byMonth, byWeek] } : undefined;
  }
  const shifted = style === 'numbers' ? { crontab: dayOfWeekField, aws: dayOfWeek, names: compressDays(awsDays, 'names') } : undefined;
  return { expression: byWeek, dayOfWeek: shifted };
}

/** The days (0 = Sunday ... 6 = Saturday) of a crontab day-of-week field, or undefined if it is not one. */
function crontabDays(text: string): number[] | undefined {
  const days = new Set<number>();
  for (const item of text.toLowerCase().split(',')) {
    const parts = /^(\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:\/(\d+))?$/.exec(item);
    if (!parts) return undefined;
    const step = parts[2] === undefined ? 1 : Number(parts[2]);
    const [from, to] = parts[1] === '*' ? ['0', '6'] : parts[1].split('-');
    const low = crontabDay(from);
    const high = to === undefined ? (parts[2] === undefined ? low : 6) : crontabDay(to, true);
    if (low === undefined || high === undefined || step < 1 || low > high) return undefined;
    for (let day = low; day <= high; day += step) days.add(day % 7);
  }
  return [...days].sort((a, b) => a - b);
}

/** A crontab day: 0-7 (0 and 7 are Sunday) or a name; 7 stays 7 at the end of a range so that 5-7 works. */
function crontabDay(token: string, rangeEnd = false): number | undefined {
  if (/^\d+$/.test(token)) {
    const day = Number(token);
    if (day > 7) return undefined;
    return day === 7 && !rangeEnd ? 0 : day;
  }
  const index = CRONTAB_DAYS.indexOf(token);
  return index >= 0 ? index : undefined;
}

/** AWS days (1-7) as a day-of-week field: runs of three or more as ranges. */
function compressDays(days: readonly number[], style: 'numbers' | 'names'): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const show = (day: number) => (style === 'names' ? DAYS[day - 1] : String(day));
  const parts: string[] = [];
  for (let start = 0; start < sorted.length; ) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end++;
    if (end - start >= 2) parts.push(`${show(sorted[start])}-${show(sorted[end])}`);
    else parts.push(...sorted.slice(start, end + 1).map(show));
    start = end + 1;
  }
  return parts.join(',');
}
