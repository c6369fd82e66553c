/**
 * Catalogue of the functions callable as `${fn.<name>(...)}` in a release flow.
 *
 * Source: the function table of the platform docs
 * (reference/northflank/make-a-template-dynamic.md, "Use Northflank functions"),
 * which release-guide-2026.md points to for release flows. Arity, parameter
 * types and optionality follow that table:
 * - a parameter is optional only where the table says so (`if`'s `else`) or
 *   where the row's description names a default or says the value may be given
 *   optionally (`randomSecret`'s encoding, `date`'s format);
 * - rows ending in `...` ("accepts any number of arguments") are variadic, the
 *   two listed parameters being the minimum;
 * - `integer` and `base64` in the table are carried as `number` and `string`,
 *   and "string or regex" as `string` (a regex is written as a string).
 *
 * `randomString` is not in the table; it appears only in template-nodes.md
 * (`${template.fn.randomString(64)}`), so it is listed with that one argument.
 */

export type ValueType = 'string' | 'number' | 'boolean' | 'any';

export interface FunctionParam {
  name: string;
  type: ValueType;
  optional?: boolean;
  description: string;
}

export interface FunctionInfo {
  /** Name written after `fn.`, e.g. `randomSecret`. */
  name: string;
  /** Parameters in order. */
  params: FunctionParam[];
  /** True when the last parameter may repeat any number of times. */
  variadic?: boolean;
  returns: ValueType;
  /** One or two sentences; markdown allowed. */
  description: string;
  /** A complete expression, e.g. `${fn.randomSecret(32, 'hex')}`. */
  example: string;
}

function p(name: string, type: ValueType, description: string, optional = false): FunctionParam {
  return optional ? { name, type, optional: true, description } : { name, type, description };
}

const text = (name = 'string', description = 'The input text.'): FunctionParam => p(name, 'string', description);
const num = (name: string, description: string): FunctionParam => p(name, 'number', description);
const bool = (name: string, description: string): FunctionParam => p(name, 'boolean', description);

const LIST: FunctionInfo[] = [
  // General
  {
    name: 'randomSecret',
    params: [
      num('length', 'Number of characters of the secret.'),
      p('encoding', 'string', "`'base64'` (default) or `'hex'`.", true),
    ],
    returns: 'string',
    description:
      'Generates a random secret of the given length, base64 by default or hex. Unlike the other functions it is not re-evaluated on later runs: the value is kept on the target resource until someone removes it.',
    example: "${fn.randomSecret(32, 'hex')}",
  },
  {
    name: 'randomString',
    params: [num('length', 'Number of characters to generate.')],
    returns: 'string',
    description:
      'Generates a random string of the given length. Not in the function table: the docs only show it in an example (`${template.fn.randomString(64)}`), so prefer `randomSecret` when in doubt.',
    example: '${fn.randomString(64)}',
  },
  {
    name: 'date',
    params: [p('format', 'string', "A Moment.js format such as `'YYYYMMDD'` or `'llll'`.", true)],
    returns: 'string',
    description:
      'The current UTC date and time, as ISO 8601 (`2025-05-14T22:00:00.000Z`) unless a Moment.js format string is given.',
    example: "${fn.date('YYYYMMDD')}",
  },

  // String manipulation
  {
    name: 'toBase64',
    params: [text('string', 'UTF-8 text to encode.')],
    returns: 'string',
    description: 'Encodes UTF-8 text as base64.',
    example: '${fn.toBase64(args.CONFIG)}',
  },
  {
    name: 'fromBase64',
    params: [text('base64', 'A base64-encoded value.')],
    returns: 'string',
    description: 'Decodes a base64 value back to UTF-8 text.',
    example: '${fn.fromBase64(args.ENCODED)}',
  },
  {
    name: 'slug',
    params: [text()],
    returns: 'string',
    description: 'Turns text into a slug: lower case, with hyphens where the spaces were.',
    example: '${fn.slug(refs.trigger.branch)}',
  },
  {
    name: 'indexOf',
    params: [text(), text('match', 'The substring to look for.')],
    returns: 'number',
    description: 'Position of the first occurrence of `match` in the text, or `-1` when it does not occur.',
    example: "${fn.indexOf(refs.trigger.branch, 'feature/')}",
  },
  {
    name: 'search',
    params: [text(), text('match', 'A substring or a regular expression.')],
    returns: 'number',
    description: 'Position of the first match of a substring or regular expression in the text, or `-1` for no match.',
    example: "${fn.search(refs.trigger.branch, '[0-9]+')}",
  },
  {
    name: 'replace',
    params: [
      text('original', 'The text to change.'),
      text('match', 'A substring or a regular expression.'),
      text('replacement', 'Text to put in place of the match.'),
    ],
    returns: 'string',
    description: 'Replaces the first match in the original text with the replacement.',
    example: "${fn.replace(refs.trigger.branch, '/', '-')}",
  },
  {
    name: 'replaceAll',
    params: [
      text('original', 'The text to change.'),
      text('match', 'A substring or a regular expression.'),
      text('replacement', 'Text to put in place of each match.'),
    ],
    returns: 'string',
    description: 'Replaces every match in the original text with the replacement.',
    example: "${fn.replaceAll(refs.trigger.branch, '/', '-')}",
  },
  {
    name: 'slice',
    params: [
      text('original', 'The text to cut.'),
      num('startIndex', 'Index of the first character to keep.'),
      // The docs' table lists endIndex without marking it optional.
      num('endIndex', 'Index just after the last character to keep.'),
    ],
    returns: 'string',
    description: 'The part of the original text between the two indices.',
    example: '${fn.slice(refs.build.sha, 0, 7)}',
  },
  {
    name: 'length',
    params: [text()],
    returns: 'number',
    description: 'Number of characters in the text.',
    example: '${fn.length(args.NAME)}',
  },
  {
    name: 'toUpper',
    params: [text()],
    returns: 'string',
    description: 'The text in upper case.',
    example: '${fn.toUpper(args.ENVIRONMENT)}',
  },
  {
    name: 'toLower',
    params: [text()],
    returns: 'string',
    description: 'The text in lower case.',
    example: '${fn.toLower(args.ENVIRONMENT)}',
  },

  // Boolean (arguments are truthy/falsy; unresolved refs/args count as false)
  {
    name: 'not',
    params: [bool('boolean', 'Value to negate.')],
    returns: 'boolean',
    description: 'Logical negation of a truthy or falsy value.',
    example: "${fn.not(fn.eq(args.ENVIRONMENT, 'production'))}",
  },
  {
    name: 'or',
    params: [bool('boolean1', 'First value.'), bool('boolean2', 'Further values.')],
    variadic: true,
    returns: 'boolean',
    description: 'True when at least one argument is truthy; takes any number of arguments.',
    example: "${fn.or(fn.eq(args.branch, 'main'), fn.eq(args.branch, 'release'))}",
  },
  {
    name: 'and',
    params: [bool('boolean1', 'First value.'), bool('boolean2', 'Further values.')],
    variadic: true,
    returns: 'boolean',
    description: 'True when every argument is truthy; takes any number of arguments.',
    example: "${fn.and(args.DEPLOY, fn.eq(args.branch, 'main'))}",
  },
  {
    name: 'if',
    params: [
      bool('boolean', 'The condition.'),
      p('then', 'any', 'Result when the condition is truthy.'),
      p('else', 'any', 'Result when it is not.', true),
    ],
    returns: 'any',
    description: 'Returns `then` when the condition is truthy, otherwise `else` (if given).',
    example: "${fn.if(fn.eq(args.branch, 'main'), 'nf-compute-100', 'nf-compute-50')}",
  },
  {
    name: 'eq',
    params: [p('equal1', 'any', 'First value.'), p('equal2', 'any', 'Further values.')],
    variadic: true,
    returns: 'boolean',
    description: 'True when all arguments are equal; takes any number of arguments.',
    example: "${fn.eq(args.ENVIRONMENT, 'DEVELOPMENT')}",
  },
  {
    name: 'neq',
    params: [p('not1', 'any', 'First value.'), p('not2', 'any', 'Further values.')],
    variadic: true,
    returns: 'boolean',
    description: 'The opposite of `eq`: true when the arguments are not all equal; takes any number of arguments.',
    example: "${fn.neq(args.ENVIRONMENT, 'production')}",
  },
  ...(['gt', 'lt', 'gte', 'lte'] as const).map((name): FunctionInfo => {
    const words = { gt: 'greater than', lt: 'less than', gte: 'greater than or equal to', lte: 'less than or equal to' }[name];
    return {
      name,
      params: [num('num1', 'Left-hand number.'), num('num2', 'Right-hand number.')],
      returns: 'boolean',
      description: `True when \`num1\` is ${words} \`num2\`.`,
      example: `\${fn.${name}(args.INSTANCES, 2)}`,
    };
  }),

  // Maths
  {
    name: 'add',
    params: [num('a', 'First number.'), num('b', 'Further numbers.')],
    variadic: true,
    returns: 'number',
    description: 'Sum of all arguments; takes any number of arguments.',
    example: '${fn.add(args.INSTANCES, 1)}',
  },
  {
    name: 'subtract',
    params: [num('a', 'Number to subtract from.'), num('b', 'Numbers to subtract.')],
    variadic: true,
    returns: 'number',
    description: 'Subtracts each following argument from the first; takes any number of arguments.',
    example: '${fn.subtract(args.INSTANCES, 1)}',
  },
  {
    name: 'multiply',
    params: [num('a', 'First factor.'), num('b', 'Further factors.')],
    variadic: true,
    returns: 'number',
    description: 'Product of all arguments; takes any number of arguments.',
    example: '${fn.multiply(args.INSTANCES, 2)}',
  },
  {
    name: 'divide',
    params: [num('a', 'Dividend.'), num('b', 'Divisor.')],
    returns: 'number',
    description: '`a` divided by `b`.',
    example: '${fn.divide(args.MEMORY, 2)}',
  },
  {
    name: 'remainder',
    params: [num('a', 'Dividend.'), num('b', 'Divisor.')],
    returns: 'number',
    description: 'What is left over when `a` is divided by `b`.',
    example: '${fn.remainder(args.BUILD_NUMBER, 2)}',
  },
  {
    name: 'exp',
    params: [num('a', 'Base.'), num('b', 'Exponent.')],
    returns: 'number',
    description: '`a` raised to the power `b`.',
    example: '${fn.exp(2, args.SHIFT)}',
  },
  {
    name: 'floor',
    params: [num('a', 'A number.')],
    returns: 'number',
    description: '`a` rounded down to a whole number.',
    example: '${fn.floor(fn.divide(args.INSTANCES, 2))}',
  },
  {
    name: 'ceil',
    params: [num('a', 'A number.')],
    returns: 'number',
    description: '`a` rounded up to a whole number.',
    example: '${fn.ceil(fn.divide(args.INSTANCES, 2))}',
  },
];

/** Every platform function, keyed by name. */
export const FUNCTIONS: ReadonlyMap<string, FunctionInfo> = new Map(LIST.map((fn) => [fn.name, fn]));

/** Fewest arguments a call must pass. */
export function minArity(fn: FunctionInfo): number {
  return fn.params.filter((param) => !param.optional).length;
}

/** Most arguments a call may pass (`Infinity` for variadic functions). */
export function maxArity(fn: FunctionInfo): number {
  return fn.variadic ? Infinity : fn.params.length;
}

/** E.g. `randomSecret(length: number, encoding?: string): string`; variadic ones end in `, ...`. */
export function signatureOf(fn: FunctionInfo): string {
  const params = fn.params.map((param) => `${param.name}${param.optional ? '?' : ''}: ${param.type}`);
  if (fn.variadic) params.push('...');
  return `${fn.name}(${params.join(', ')}): ${fn.returns}`;
}
