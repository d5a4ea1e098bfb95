// EventBridge Scheduler expressions and time zones: each rule accepted and refused, with what the message says.
import { canonicalTimeZones, fromCrontab, RENAMED_ZONES, scheduleExpressionProblems, timeZoneProblem } from '../../../stacks/aws/scheduler-expressions';

const problems = (expression: string) => scheduleExpressionProblems(expression).join('\n');

describe('schedule expressions', () => {
  describe('scheduler.expression-forms', () => {
    it.each(['cron(0 9 * * ? *)', 'rate(1 day)', 'at(2026-12-01T09:00:00)'])('GIVEN %s THEN it is accepted', (expression) => {
      expect(scheduleExpressionProblems(expression)).toEqual([]);
    });
    it.each([
      ['every day', /must be cron\(minutes hours day-of-month month day-of-week year\), rate\(value unit\) or at\(yyyy-mm-ddThh:mm:ss\)/],
      ['at(2026-12-01 09:00)', /at\(yyyy-mm-ddThh:mm:ss\)/],
      ['at(2026-02-30T09:00:00)', /2026-02-30T09:00:00 is not a date and time of the calendar/],
      ['at(2026-12-01T24:00:00)', /is not a date and time of the calendar/],
      ['cron(0 9 * * ? * *)', /cron needs 6 fields \(minutes hours day-of-month month day-of-week year\), got 7/],
      ['cron( 0 9 * * ? *)', /single spaces, none before or after: cron\(0 9 \* \* \? \*\)/],
    ])('GIVEN %s THEN it is refused', (expression, message) => {
      expect(problems(expression)).toMatch(message);
    });
  });

  describe('scheduler.rate-units', () => {
    it.each(['rate(1 minute)', 'rate(15 minutes)', 'rate(1 hour)', 'rate(2 hours)', 'rate(7 days)'])('GIVEN %s THEN it is accepted', (expression) => {
      expect(scheduleExpressionProblems(expression)).toEqual([]);
    });
    it.each([
      ['rate(1 days)', /singular for 1 and plural otherwise: rate\(1 day\)/],
      ['rate(5 minute)', /singular for 1 and plural otherwise: rate\(5 minutes\)/],
      ['rate(0 minutes)', /positive whole number/],
      ['rate(05 minutes)', /without leading zeros/],
      ['rate(2 weeks)', /minute\(s\), hour\(s\) or day\(s\), not "weeks"/],
      ['rate(1.5 hours)', /rate\(value unit\)/],
    ])('GIVEN %s THEN it is refused', (expression, message) => {
      expect(problems(expression)).toMatch(message);
    });
  });

  describe('scheduler.cron-field-values', () => {
    it.each([
      'cron(0 0 1 1 ? 1970)',
      'cron(59 23 31 12 ? 2199)',
      'cron(0/15 8-17 ? * MON-FRI *)',
      'cron(0 9 ? JAN-MAR SUN 2026-2030)',
      'cron(0 9 ? * 1 *)',
      'cron(0 9 ? * 7 *)',
      'cron(0,30 9,21 1,15 * ? *)',
      'cron(0 9 ? JUL,AUG WED *)',
    ])('GIVEN %s THEN it is accepted', (expression) => {
      expect(scheduleExpressionProblems(expression)).toEqual([]);
    });
    it.each([
      ['cron(60 9 * * ? *)', /minutes 60 is out of range: 0-59/],
      ['cron(0 24 * * ? *)', /hours 24 is out of range: 0-23/],
      ['cron(0 9 0 * ? *)', /day-of-month 0 is out of range: 1-31/],
      ['cron(0 9 32 * ? *)', /day-of-month 32 is out of range: 1-31/],
      ['cron(0 9 * 13 ? *)', /month 13 is out of range: 1-12 or JAN-DEC/],
      ['cron(0 9 * JAN-FOO ? *)', /month FOO is not a value: 1-12 or JAN-DEC/],
      ['cron(0 9 ? * 8 *)', /day-of-week 8 is out of range: 1-7 or SUN-SAT \(1 = SUN\)/],
      ['cron(0 9 * * ? 1969)', /year 1969 is out of range: 1970-2199/],
      ['cron(0 9 * * ? 2200)', /year 2200 is out of range: 1970-2199/],
      ['cron(0 22-2 * * ? *)', /hours 22-2: a range goes from low to high/],
      ['cron(0 9 * jan ? *)', /month jan: write names in capitals \(JAN, FEB, MAR, ...\)/],
      ['cron(5 0 ? * mon *)', /day-of-week mon: write names in capitals \(SUN, MON, TUE, ...\)/],
    ])('GIVEN %s THEN it is refused', (expression, message) => {
      expect(problems(expression)).toMatch(message);
    });

    it('GIVEN several bad fields THEN each is reported', () => {
      expect(scheduleExpressionProblems('cron(60 24 * 13 ? 1969)')).toEqual([
        'minutes 60 is out of range: 0-59',
        'hours 24 is out of range: 0-23',
        'month 13 is out of range: 1-12 or JAN-DEC',
        'year 1969 is out of range: 1970-2199',
      ]);
    });
  });

  describe('scheduler.cron-wildcards', () => {
    it.each([
      'cron(*/5 * * * ? *)',
      'cron(0 8-18/2 * * ? *)',
      'cron(0 9 1/7 JAN/3 ? 2026/2)',
      'cron(0 9 L * ? *)',
      'cron(0 9 15W * ? *)',
      'cron(0 9 ? * L *)',
      'cron(0 9 ? * 6L *)',
      'cron(0 9 ? * FRIL *)',
      'cron(0 9 ? * 2#1 *)',
      'cron(0 9 ? * MON#1 *)',
    ])('GIVEN %s THEN it is accepted', (expression) => {
      expect(scheduleExpressionProblems(expression)).toEqual([]);
    });
    it.each([
      ['cron(0 9 ? * */2 *)', /day-of-week \*\/2: day-of-week takes no \/ \(increments\)/],
      ['cron(0/60 9 * * ? *)', /minutes 0\/60: the increment must be 1 to 59/],
      ['cron(0 9 ? * 2#1,6#3 *)', /L, nL and n#k stand alone in day-of-week/],
      ['cron(0 9 ? * 2#6 *)', /the k of n#k is the k-th such day of the month, 1 to 5/],
      ['cron(0 9 L,15 * ? *)', /L and nW stand alone in day-of-month/],
      ['cron(0 L * * ? *)', /hours takes no L, W or #/],
      ['cron(? 9 * * ? *)', /minutes cannot be \?: only day-of-month and day-of-week can/],
      ['cron(0 9 1,? * ? *)', /\? stands alone in its field/],
      ['cron(0 9 1..3 * ? *)', /day-of-month "1..3" is not a value, range \(a-b\), increment \(a\/n\) or \*/],
    ])('GIVEN %s THEN it is refused', (expression, message) => {
      expect(problems(expression)).toMatch(message);
    });
  });

  describe('scheduler.cron-day-fields', () => {
    it.each(['cron(0 9 * * ? *)', 'cron(0 9 ? * * *)', 'cron(0 9 15 * ? *)', 'cron(0 9 ? * MON *)'])('GIVEN %s THEN it is accepted', (expression) => {
      expect(scheduleExpressionProblems(expression)).toEqual([]);
    });
    it.each([
      ['cron(0 9 * * * *)', /one of day-of-month and day-of-week must be \?.*\(every day: cron\(0 9 \* \* \? \*\)\)/],
      ['cron(0 9 * * MON *)', /one of day-of-month and day-of-week must be \?.*\(cron\(0 9 \? \* MON \*\)\)/],
      ['cron(0 9 1 * MON *)', /one of day-of-month and day-of-week must be \?, the other a value or \*$/],
      ['cron(0 9 ? * ? *)', /cannot both be \?/],
    ])('GIVEN %s THEN it is refused', (expression, message) => {
      expect(problems(expression)).toMatch(message);
    });
  });

  describe('day-of-week read as crontab means it', () => {
    it('GIVEN day-of-week 0 THEN AWS has no such day, and crontab\'s Sunday is 1 or SUN', () => {
      expect(scheduleExpressionProblems('cron(5 17 ? * 0 *)')).toEqual([
        "day-of-week 0 does not exist in AWS, which counts 1-7 from Sunday (1 = SUN, 7 = SAT): crontab's 0, Sunday, is 1 or SUN here",
      ]);
      expect(problems('cron(5 17 ? * 0-4 *)')).toMatch(/day-of-week 0 does not exist in AWS/);
    });

    it('GIVEN crontab\'s weekdays 1-5 THEN it says AWS reads them as Sunday to Thursday and how to write Monday to Friday', () => {
      expect(scheduleExpressionProblems('cron(0 9 ? * 1-5 *)')).toEqual([
        'day-of-week 1-5 reads in AWS as SUN-THU (1 = Sunday), but looks copied from crontab, where it means MON-FRI: write the days by name, MON-FRI (AWS 2-6) or SUN-THU if that is what you mean',
      ]);
    });

    it('GIVEN crontab\'s weekend 6,7 THEN it says AWS reads it as Friday and Saturday', () => {
      expect(problems('cron(0 9 ? * 6,7 *)')).toMatch(/day-of-week 6,7 reads in AWS as FRI,SAT .* where it means SUN,SAT: write the days by name, SUN,SAT \(AWS 1,7\)/);
      expect(problems('cron(0 9 ? * 6-7 *)')).toMatch(/reads in AWS as FRI-SAT/);
    });

    it.each(['cron(0 9 ? * 2-6 *)', 'cron(0 9 ? * SUN-THU *)', 'cron(0 9 ? * 1,7 *)', 'cron(0 9 ? * 2 *)'])(
      'GIVEN %s, which does not read as a crontab idiom THEN it is accepted',
      (expression) => {
        expect(scheduleExpressionProblems(expression)).toEqual([]);
      },
    );
  });

  describe('a crontab line', () => {
    it('GIVEN 0 9 * * 1-5 THEN the AWS expression is shown with day-of-week shifted', () => {
      const expected =
        'is a crontab line; AWS needs 6 fields (minutes hours day-of-month month day-of-week year) with ? in day-of-month or day-of-week: ' +
        "write cron(0 9 ? * 2-6 *); day-of-week shifted to AWS's numbering (1 = Sunday): crontab 1-5 (MON-FRI) is 2-6 here";
      expect(scheduleExpressionProblems('0 9 * * 1-5')).toEqual([expected]);
      expect(scheduleExpressionProblems('cron(0 9 * * 1-5)')).toEqual([expected]);
      expect(scheduleExpressionProblems('cron(0 9 ? * 2-6 *)')).toEqual([]);
    });

    it.each([
      ['0 9 * * *', 'cron(0 9 * * ? *)'],
      ['*/5 * * * *', 'cron(*/5 * * * ? *)'],
      ['30 2 1 * *', 'cron(30 2 1 * ? *)'],
      ['0 9 * * 0', 'cron(0 9 ? * 1 *)'],
      ['0 9 * * 7', 'cron(0 9 ? * 1 *)'],
      ['0 9 * * 0,6', 'cron(0 9 ? * 1,7 *)'],
      ['0 9 * * 5-7', 'cron(0 9 ? * 1,6,7 *)'],
      ['0 9 * * */2', 'cron(0 9 ? * 1,3,5,7 *)'],
      ['0 9 * * mon-fri', 'cron(0 9 ? * MON-FRI *)'],
      ['0 9 * jan,jul 1', 'cron(0 9 ? JAN,JUL 2 *)'],
    ])('GIVEN %s THEN it becomes %s, which AWS accepts', (line, expression) => {
      expect(problems(line)).toContain(`write ${expression}`);
      expect(scheduleExpressionProblems(expression)).toEqual([]);
    });

    it('GIVEN both a day of the month and a day of the week THEN two schedules are proposed, as AWS cannot say "either"', () => {
      expect(problems('0 9 1 * 1')).toBe(
        'is a crontab line that runs when either the day of the month or the day of the week matches; AWS cannot say "either": make two schedules, cron(0 9 1 * ? *) and cron(0 9 ? * 2 *)',
      );
    });

    it('GIVEN a crontab macro THEN its AWS expression is shown', () => {
      expect(problems('@daily')).toBe('is a crontab macro: write cron(0 0 * * ? *)');
      expect(problems('@weekly')).toBe('is a crontab macro: write cron(0 0 ? * SUN *)');
    });

    it('GIVEN a line that cannot be converted THEN the fields and the day-of-week numbering are explained', () => {
      expect(problems('0 9 * * 9')).toMatch(/is a crontab line \(minutes hours day-of-month month day-of-week\); AWS needs 6 fields .* counts day-of-week 1-7 from Sunday/);
      expect(fromCrontab(['0', '9', '*', '*', 'nope'])).toBeUndefined();
    });
  });
});

describe('scheduler.time-zone', () => {
  it.each(['UTC', 'Asia/Tokyo', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Europe/Kyiv', 'America/Argentina/Buenos_Aires', 'Etc/UTC', 'Etc/GMT+9', 'Etc/GMT-14'])(
    'GIVEN %s THEN it is accepted',
    (zone) => {
      expect(timeZoneProblem(zone)).toBeUndefined();
    },
  );

  it.each([
    ['utc', 'must be a canonical IANA time zone name: write "UTC"'],
    ['asia/tokyo', 'must be a canonical IANA time zone name: write "Asia/Tokyo"'],
    ['US/Pacific', 'must be a canonical IANA time zone name: write "America/Los_Angeles"'],
    ['Japan', 'must be a canonical IANA time zone name: write "Asia/Tokyo"'],
    ['Asia/Calcutta', 'must be a canonical IANA time zone name: write "Asia/Kolkata"'],
    ['GMT', 'must be a canonical IANA time zone name: write "UTC"'],
    ['Asia/Nowhere', 'must be a canonical IANA time zone name such as Asia/Tokyo, America/New_York or UTC'],
  ])('GIVEN %s THEN it is refused: %s', (zone, message) => {
    expect(timeZoneProblem(zone)).toBe(message);
  });

  it.each([
    ['JST', 'Asia/Tokyo'],
    ['PST', 'America/Los_Angeles'],
  ])('GIVEN the abbreviation %s THEN it is refused and the place it is read as, %s, is named', (zone, place) => {
    expect(timeZoneProblem(zone)).toBe(
      `is an abbreviation, not an IANA time zone name; abbreviations are ambiguous and AWS may refuse them: name the place, e.g. "${place}" (what "${zone}" is read as here)`,
    );
  });

  it('GIVEN this Node.js THEN its time zone list is the canonical set the check starts from, and every renamed zone is the same zone under both names', () => {
    const listed = new Set(Intl.supportedValuesOf('timeZone'));
    expect(listed.size).toBeGreaterThan(300);
    for (const [icu, iana] of Object.entries(RENAMED_ZONES)) {
      expect(listed.has(icu) || listed.has(iana)).toBe(true);
      expect([icu, iana]).toContain(new Intl.DateTimeFormat('en-US', { timeZone: iana }).resolvedOptions().timeZone);
      expect(canonicalTimeZones().has(iana)).toBe(true);
      expect(canonicalTimeZones().has(icu)).toBe(false);
    }
  });
});
