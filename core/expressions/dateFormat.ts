/**
 * `fn.date(format)`: Moment.js format strings rendered in UTC with dayjs.
 *
 * The format is read the way Moment reads it: localized tokens (`LT`, `LLLL`,
 * `llll`...) are expanded first, then the string is split with Moment's own
 * token pattern, `[...]` and `\x` escapes included; so adjacent tokens split
 * exactly as they do in Moment. Each token is rendered on its own by dayjs
 * (with its advancedFormat, weekOfYear, isoWeek, weekYear and dayOfYear
 * plugins) where dayjs has it, and here from dayjs values where it does not:
 * `Mo`, `Qo`, `DDD`, `DDDo`, `DDDD`, `do`, `e`, `E`, `Wo`, `gg`, `GG`,
 * `ggggg`, `GGGGG`, `Y`, `YYYYY`, `YYYYYY`, era years `y`/`yo`/`yy`...,
 * eras `N`...`NNNNN`, fractional seconds other than `SSS`, and `z`/`zz`
 * (dayjs would name the machine's zone). Only the English locale exists, as
 * in Moment by default. Checked against moment 2.30 on random formats.
 */
import dayjs from 'dayjs';
import advancedFormat from 'dayjs/plugin/advancedFormat';
import dayOfYear from 'dayjs/plugin/dayOfYear';
import isoWeek from 'dayjs/plugin/isoWeek';
import utc from 'dayjs/plugin/utc';
import weekOfYear from 'dayjs/plugin/weekOfYear';
import weekYear from 'dayjs/plugin/weekYear';

dayjs.extend(utc);
dayjs.extend(advancedFormat);
dayjs.extend(weekOfYear);
dayjs.extend(isoWeek);
dayjs.extend(weekYear);
dayjs.extend(dayOfYear);

/** Moment's English long date formats, expanded before tokenizing, as Moment does. */
const LOCALIZED: Record<string, string> = {
  LTS: 'h:mm:ss A',
  LT: 'h:mm A',
  L: 'MM/DD/YYYY',
  LL: 'MMMM D, YYYY',
  LLL: 'MMMM D, YYYY h:mm A',
  LLLL: 'dddd, MMMM D, YYYY h:mm A',
  l: 'M/D/YYYY',
  ll: 'MMM D, YYYY',
  lll: 'MMM D, YYYY h:mm A',
  llll: 'ddd, MMM D, YYYY h:mm A',
};
const LOCALIZED_TOKEN = /(\[[^[]*\])|(\\)?(LTS|LT|LL?L?L?|l{1,4})/g;

/** Moment's format token pattern (moment/src/lib/format/format.js). */
const TOKEN =
  /(\[[^[]*\])|(\\)?([Hh]mm(ss)?|Mo|MM?M?M?|Do|DDDo|DD?D?D?|ddd?d?|do?|w[o|w]?|W[o|W]?|Qo?|N{1,5}|YYYYYY|YYYYY|YYYY|YY|y{2,4}|yo?|gg(ggg?)?|GG(GGG?)?|e|E|a|A|hh?|HH?|kk?|mm?|ss?|S{1,9}|x|X|zz?|ZZ?|.)/g;

/** Tokens dayjs renders the way Moment does. */
const DAYJS_TOKENS = new Set(['M', 'MM', 'MMM', 'MMMM', 'Q', 'D', 'Do', 'DD', 'd', 'dd', 'ddd', 'dddd', 'w', 'wo', 'ww', 'W', 'WW', 'YY', 'YYYY', 'gggg', 'GGGG', 'A', 'a', 'H', 'HH', 'h', 'hh', 'k', 'kk', 'm', 'mm', 's', 'ss', 'SSS', 'Z', 'ZZ', 'X', 'x']);

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

const pad = (n: number, width: number): string => String(Math.abs(n)).padStart(width, '0');

/** The value of a token dayjs does not render as Moment does; undefined when it is no token. */
function ownToken(token: string, d: dayjs.Dayjs): string | undefined {
  const year = d.year();
  switch (token) {
    case 'Mo': return ordinal(d.month() + 1);
    case 'Qo': return ordinal(Math.ceil((d.month() + 1) / 3));
    case 'DDD': return String(d.dayOfYear());
    case 'DDDo': return ordinal(d.dayOfYear());
    case 'DDDD': return pad(d.dayOfYear(), 3);
    case 'do': return ordinal(d.day());
    case 'e': return String(d.day()); // English weeks start on Sunday, so the locale day is d
    case 'E': return String(d.isoWeekday());
    case 'Wo': return ordinal(d.isoWeek());
    case 'gg': return pad(d.weekYear() % 100, 2);
    case 'ggggg': return pad(d.weekYear(), 5);
    case 'GG': return pad(d.isoWeekYear() % 100, 2);
    case 'GGGGG': return pad(d.isoWeekYear(), 5);
    case 'Y': return year > 9999 ? `+${year}` : String(year);
    case 'YYYYY': return pad(year, 5);
    case 'YYYYYY': return `${year < 0 ? '-' : '+'}${pad(year, 6)}`;
    case 'y': return String(year);
    case 'yo': return ordinal(year);
    case 'yy': return pad(year, 2); // Moment pads the era year without cutting it: 2025, not 25
    case 'yyy': return pad(year, 3);
    case 'yyyy': return pad(year, 4);
    case 'N': case 'NN': case 'NNN': case 'NNNNN': return 'AD';
    case 'NNNN': return 'Anno Domini';
    case 'z': return 'UTC';
    case 'zz': return 'Coordinated Universal Time';
    case 'hmm': case 'hmmss': case 'Hmm': case 'Hmmss':
      return d.format(token.startsWith('h') ? 'h' : 'H') + d.format(token.endsWith('ss') ? 'mmss' : 'mm');
    default:
      if (/^S{1,9}$/.test(token)) return pad(d.millisecond(), 3).padEnd(9, '0').slice(0, token.length);
      return undefined;
  }
}

function expandLocalized(format: string): string {
  let result = format;
  // Moment expands up to five times, for formats that contain others.
  for (let i = 0; i < 5; i++) {
    const next = result.replace(LOCALIZED_TOKEN, (match, bracket: string | undefined, escaped: string | undefined, token: string) =>
      bracket !== undefined || escaped !== undefined ? match : (LOCALIZED[token] ?? match),
    );
    if (next === result) break;
    result = next;
  }
  return result;
}

/** Current UTC date: ISO 8601 without a format, else the Moment format rendered. */
export function formatDate(ms: number, format?: string): string {
  if (format === undefined) return new Date(ms).toISOString();
  const date = dayjs.utc(ms);
  return expandLocalized(format).replace(TOKEN, (_match, bracket: string | undefined, escaped: string | undefined, token: string) => {
    if (bracket !== undefined) return bracket.slice(1, -1);
    if (escaped !== undefined) return token;
    if (DAYJS_TOKENS.has(token)) return date.format(token);
    return ownToken(token, date) ?? token.replace(/^\[|\]$/g, '');
  });
}
