/**
 * Runtime of every platform function (core/catalogue/functions.ts lists them;
 * make-a-template-dynamic.md describes them). Choices where the docs are
 * silent, also listed in the README:
 * - booleans are JavaScript truthiness, as the docs say: the string 'false'
 *   is true; compare with fn.eq(args.X, 'false') instead;
 * - eq/neq compare strictly, except that a number equals the numeric string
 *   of the same value (arguments arrive as strings from webhooks);
 * - a "regex" argument is a string written `/pattern/flags`; search also reads
 *   a plain string as a pattern (like String.prototype.search), replace and
 *   replaceAll read it literally;
 * - maths arguments must be numbers or numeric strings; dividing by zero is
 *   an error rather than Infinity.
 */
import { FUNCTIONS } from '../catalogue/functions';
import { formatDate } from './dateFormat';

export class FunctionError extends Error {}

/** Where a call sits, for functions whose result is kept per place (randomSecret). */
export interface CallContext {
  /** The current time, for `date`. */
  now: number;
  /** Returns the stored secret for this place, generating it once. */
  secret(length: number, encoding: 'base64' | 'hex'): string;
  /** Random bytes, for randomString. */
  bytes(count: number): Uint8Array;
}

type Impl = (args: unknown[], context: CallContext) => unknown;

const MAX_GENERATED_LENGTH = 4096;

function text(value: unknown, fn: string, position: number): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '';
  throw new FunctionError(`fn.${fn}: argument ${position} must be text, not ${Array.isArray(value) ? 'an array' : 'an object'}.`);
}

function number(value: unknown, fn: string, position: number): number {
  const result = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (Number.isNaN(result)) throw new FunctionError(`fn.${fn}: argument ${position} must be a number, not ${JSON.stringify(value) ?? String(value)}.`);
  return result;
}

function integer(value: unknown, fn: string, position: number): number {
  const result = number(value, fn, position);
  if (!Number.isInteger(result)) throw new FunctionError(`fn.${fn}: argument ${position} must be a whole number, not ${result}.`);
  return result;
}

export function truthy(value: unknown): boolean {
  return Boolean(value);
}

function looselyEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'string') return b.trim() !== '' && Number(b) === a;
  if (typeof a === 'string' && typeof b === 'number') return a.trim() !== '' && Number(a) === b;
  return false;
}

/** `/pattern/flags` as a RegExp; anything else undefined. */
function regexLiteral(value: string, fn: string): RegExp | undefined {
  const match = /^\/(.+)\/([dgimsuy]*)$/s.exec(value);
  if (!match) return undefined;
  try {
    return new RegExp(match[1] as string, match[2]);
  } catch (error) {
    throw new FunctionError(`fn.${fn}: ${(error as Error).message}.`);
  }
}

function fromBase64(value: string): string {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact) || compact.replace(/=+$/, '').length % 4 === 1) {
    throw new FunctionError(`fn.fromBase64: '${value.length > 40 ? value.slice(0, 40) + '…' : value}' is not base64.`);
  }
  return Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64').toString('utf8');
}

export function slug(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function generatedLength(value: unknown, fn: string): number {
  const length = integer(value, fn, 1);
  if (length < 1 || length > MAX_GENERATED_LENGTH) throw new FunctionError(`fn.${fn}: the length must be between 1 and ${MAX_GENERATED_LENGTH}, not ${length}.`);
  return length;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function arithmetic(name: string, combine: (a: number, b: number) => number): Impl {
  return (args) => args.map((arg, i) => number(arg, name, i + 1)).reduce(combine);
}

const IMPLEMENTATIONS: Record<string, Impl> = {
  randomSecret: (args, context) => {
    const length = generatedLength(args[0], 'randomSecret');
    const encoding = args[1] === undefined ? 'base64' : args[1];
    if (encoding !== 'base64' && encoding !== 'hex') throw new FunctionError(`fn.randomSecret: the encoding is 'base64' or 'hex', not ${JSON.stringify(encoding)}.`);
    return context.secret(length, encoding);
  },
  randomString: (args, context) => {
    const length = generatedLength(args[0], 'randomString');
    return Array.from(context.bytes(length), (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
  },
  date: (args, context) => formatDate(context.now, args[0] === undefined ? undefined : text(args[0], 'date', 1)),
  toBase64: (args) => Buffer.from(text(args[0], 'toBase64', 1), 'utf8').toString('base64'),
  fromBase64: (args) => fromBase64(text(args[0], 'fromBase64', 1)),
  slug: (args) => slug(text(args[0], 'slug', 1)),
  indexOf: (args) => text(args[0], 'indexOf', 1).indexOf(text(args[1], 'indexOf', 2)),
  search: (args) => {
    const match = text(args[1], 'search', 2);
    let pattern = regexLiteral(match, 'search');
    if (!pattern) {
      try {
        pattern = new RegExp(match);
      } catch (error) {
        throw new FunctionError(`fn.search: ${(error as Error).message}.`);
      }
    }
    return text(args[0], 'search', 1).search(pattern);
  },
  replace: (args) => {
    const match = text(args[1], 'replace', 2);
    const original = text(args[0], 'replace', 1);
    const replacement = text(args[2], 'replace', 3);
    const pattern = regexLiteral(match, 'replace');
    return pattern ? original.replace(pattern, replacement) : original.replace(match, () => replacement);
  },
  replaceAll: (args) => {
    const match = text(args[1], 'replaceAll', 2);
    const original = text(args[0], 'replaceAll', 1);
    const replacement = text(args[2], 'replaceAll', 3);
    const pattern = regexLiteral(match, 'replaceAll');
    if (pattern) return original.replace(pattern.global ? pattern : new RegExp(pattern.source, pattern.flags + 'g'), replacement);
    return match === '' ? original : original.split(match).join(replacement);
  },
  slice: (args) => {
    const original = text(args[0], 'slice', 1);
    const start = integer(args[1], 'slice', 2);
    return args[2] === undefined ? original.slice(start) : original.slice(start, integer(args[2], 'slice', 3));
  },
  length: (args) => text(args[0], 'length', 1).length,
  toUpper: (args) => text(args[0], 'toUpper', 1).toUpperCase(),
  toLower: (args) => text(args[0], 'toLower', 1).toLowerCase(),
  not: (args) => !truthy(args[0]),
  or: (args) => args.some(truthy),
  and: (args) => args.every(truthy),
  if: (args) => (truthy(args[0]) ? args[1] : args[2]),
  eq: (args) => args.every((arg) => looselyEqual(arg, args[0])),
  neq: (args) => !args.every((arg) => looselyEqual(arg, args[0])),
  gt: (args) => number(args[0], 'gt', 1) > number(args[1], 'gt', 2),
  lt: (args) => number(args[0], 'lt', 1) < number(args[1], 'lt', 2),
  gte: (args) => number(args[0], 'gte', 1) >= number(args[1], 'gte', 2),
  lte: (args) => number(args[0], 'lte', 1) <= number(args[1], 'lte', 2),
  add: arithmetic('add', (a, b) => a + b),
  subtract: arithmetic('subtract', (a, b) => a - b),
  multiply: arithmetic('multiply', (a, b) => a * b),
  divide: (args) => {
    const divisor = number(args[1], 'divide', 2);
    if (divisor === 0) throw new FunctionError('fn.divide: division by zero.');
    return number(args[0], 'divide', 1) / divisor;
  },
  remainder: (args) => {
    const divisor = number(args[1], 'remainder', 2);
    if (divisor === 0) throw new FunctionError('fn.remainder: division by zero.');
    return number(args[0], 'remainder', 1) % divisor;
  },
  exp: (args) => number(args[0], 'exp', 1) ** number(args[1], 'exp', 2),
  floor: (args) => Math.floor(number(args[0], 'floor', 1)),
  ceil: (args) => Math.ceil(number(args[0], 'ceil', 1)),
};

/** Functions whose value must not be computed during the dry run: they have effects or depend on the moment. */
export const EFFECTFUL_FUNCTIONS: ReadonlySet<string> = new Set(['randomSecret', 'randomString']);

/** Calls a platform function by name; throws FunctionError with a message fit for the user. */
export function callFunction(name: string, args: unknown[], context: CallContext): unknown {
  const impl = IMPLEMENTATIONS[name];
  if (!impl || !FUNCTIONS.has(name)) throw new FunctionError(`Unknown function 'fn.${name}'.`);
  return impl(args, context);
}

/** Names implemented here; a test checks it equals the catalogue. */
export const IMPLEMENTED_FUNCTIONS: readonly string[] = Object.keys(IMPLEMENTATIONS);
