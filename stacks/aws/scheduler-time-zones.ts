/**
 * The time zone of an EventBridge Scheduler schedule (ScheduleExpressionTimezone, rule scheduler.time-zone): a
 * canonical IANA name, at most 50 characters. Abbreviations (`JST`) are ambiguous, and spellings Node.js resolves
 * (`US/Pacific`, `asia/tokyo`) are not all ones AWS resolves, so only canonical names pass.
 */

/** Longest ScheduleExpressionTimezone. */
export const TIME_ZONE_MAX = 50;

/**
 * Zones whose current IANA name is newer than the identifier ICU (and so Node.js's `Intl`) keeps for them:
 * ICU's identifier -> IANA's. Node 20, 22 and 24 list the left-hand names in `Intl.supportedValuesOf`.
 */
export const RENAMED_ZONES: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/** IANA's canonical zones that `Intl.supportedValuesOf` leaves out: UTC (the default) and the Etc zones. */
const FIXED_ZONES = ['UTC', 'Etc/UTC', 'Etc/GMT', ...Array.from({ length: 14 }, (_, i) => `Etc/GMT-${i + 1}`), ...Array.from({ length: 12 }, (_, i) => `Etc/GMT+${i + 1}`)];

let canonical: ReadonlySet<string> | undefined;

/** Every canonical time zone name: Node's list with IANA's current names, plus UTC and the Etc zones. */
export function canonicalTimeZones(): ReadonlySet<string> {
  canonical ??= new Set([...Intl.supportedValuesOf('timeZone').map((zone) => RENAMED_ZONES[zone] ?? zone), ...FIXED_ZONES]);
  return canonical;
}

/** Undefined for a canonical IANA time zone name; otherwise what to write instead. */
export function timeZoneProblem(zone: string): string | undefined {
  const zones = canonicalTimeZones();
  if (zones.has(zone)) return zone.length <= TIME_ZONE_MAX ? undefined : `must be at most ${TIME_ZONE_MAX} characters`;
  const suggestion = [...zones].find((candidate) => candidate.toLowerCase() === zone.toLowerCase()) ?? resolvedZone(zone);
  if (suggestion && /^[A-Z]{2,5}$/.test(zone) && suggestion !== 'UTC') {
    return `is an abbreviation, not an IANA time zone name; abbreviations are ambiguous and AWS may refuse them: name the place, e.g. "${suggestion}" (what "${zone}" is read as here)`;
  }
  if (suggestion) return `must be a canonical IANA time zone name: write "${suggestion}"`;
  return 'must be a canonical IANA time zone name such as Asia/Tokyo, America/New_York or UTC';
}

/** The canonical name `Intl` resolves a spelling, alias or abbreviation to, if any. */
function resolvedZone(zone: string): string | undefined {
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    const name = RENAMED_ZONES[resolved] ?? resolved;
    return canonicalTimeZones().has(name) ? name : undefined;
  } catch {
    return undefined;
  }
}
