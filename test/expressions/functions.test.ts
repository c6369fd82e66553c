import * as assert from 'node:assert/strict';
import { FUNCTIONS } from '../../core/catalogue/functions';
import { SeededIds } from '../../core/runs/clock';
import { formatDate, ordinal } from '../../core/expressions/dateFormat';
import { callFunction, IMPLEMENTED_FUNCTIONS, type CallContext } from '../../core/expressions/functions';
import { MASK, SecretBook } from '../../core/runs/secrets';

const NOW = Date.UTC(2025, 2, 9, 14, 5, 9, 45); // Sunday 9 March 2025, 14:05:09.045 UTC

function context(book = new SecretBook({}, new SeededIds(3))): CallContext {
  return { now: NOW, bytes: (n) => new SeededIds(9).bytes(n), secret: (length, encoding) => book.randomSecret(`key|${length}|${encoding}`, length, encoding) };
}

const call = (name: string, ...args: unknown[]): unknown => callFunction(name, args, context());

describe('runner: platform functions', () => {
  it('implements exactly the functions of the catalogue', () => {
    assert.deepEqual([...IMPLEMENTED_FUNCTIONS].sort(), [...FUNCTIONS.keys()].sort());
  });

  it('string functions', () => {
    assert.equal(call('toBase64', 'héllo'), 'aMOpbGxv');
    assert.equal(call('fromBase64', 'aMOpbGxv'), 'héllo');
    assert.throws(() => call('fromBase64', 'not base64!'), /is not base64/);
    assert.equal(call('slug', 'Feature/New Login Page'), 'feature-new-login-page');
    assert.equal(call('slug', '  Déjà  vu  '), 'deja-vu');
    assert.equal(call('indexOf', 'feature/login', '/'), 7);
    assert.equal(call('indexOf', 'main', 'x'), -1);
    assert.equal(call('search', 'release-42', '[0-9]+'), 8, 'a plain string is a pattern, as in String.search');
    assert.equal(call('search', 'Release', '/release/i'), 0);
    assert.equal(call('replace', 'a/b/c', '/', '-'), 'a-b/c');
    assert.equal(call('replace', 'v1.2.3', '/\\d+$/', 'x'), 'v1.2.x');
    assert.equal(call('replace', 'a.b', '.', '$&$&'), 'a$&$&b', 'the replacement is literal text');
    assert.equal(call('replaceAll', 'a/b/c', '/', '-'), 'a-b-c');
    assert.equal(call('replaceAll', 'a1b22c', '/[0-9]+/', '#'), 'a#b#c', 'a regex without the g flag still replaces all');
    assert.equal(call('slice', 'abcdef0123', 0, 7), 'abcdef0');
    assert.equal(call('slice', 'abcdef', 2), 'cdef');
    assert.equal(call('length', 'hello'), 5);
    assert.equal(call('toUpper', 'dev'), 'DEV');
    assert.equal(call('toLower', 'PROD'), 'prod');
    assert.throws(() => call('search', 'x', '/(/'), /fn\.search/);
  });

  it('boolean functions use JavaScript truthiness; eq compares numbers with numeric strings', () => {
    assert.equal(call('not', ''), true);
    assert.equal(call('not', 'false'), false, "the string 'false' is truthy, as the docs' JavaScript rule says");
    assert.equal(call('or', false, 0, 'x'), true);
    assert.equal(call('or', false, 0, ''), false);
    assert.equal(call('and', true, 1, 'x'), true);
    assert.equal(call('and', true, 1, ''), false);
    assert.equal(call('if', true, 'a', 'b'), 'a');
    assert.equal(call('if', 0, 'a', 'b'), 'b');
    assert.equal(call('if', 0, 'a'), undefined);
    assert.equal(call('if', 'yes', 3, 1), 3);
    assert.equal(call('eq', 'main', 'main', 'main'), true);
    assert.equal(call('eq', 'main', 'main', 'dev'), false);
    assert.equal(call('eq', '2', 2), true);
    assert.equal(call('eq', '', 0), false);
    assert.equal(call('neq', 'a', 'b'), true);
    assert.equal(call('neq', 'a', 'a'), false);
    assert.equal(call('gt', 3, 2), true);
    assert.equal(call('lt', '3', 2), false);
    assert.equal(call('gte', 2, 2), true);
    assert.equal(call('lte', 3, 2), false);
    assert.throws(() => call('gt', 'many', 2), /fn\.gt: argument 1 must be a number/);
  });

  it('maths functions', () => {
    assert.equal(call('add', 1, 2, '3'), 6);
    assert.equal(call('subtract', 10, 3, 2), 5);
    assert.equal(call('multiply', 2, 3, 4), 24);
    assert.equal(call('divide', 7, 2), 3.5);
    assert.throws(() => call('divide', 1, 0), /division by zero/);
    assert.equal(call('remainder', 7, 3), 1);
    assert.throws(() => call('remainder', 1, 0), /division by zero/);
    assert.equal(call('exp', 2, 10), 1024);
    assert.equal(call('floor', 2.7), 2);
    assert.equal(call('ceil', 2.1), 3);
    assert.throws(() => call('add', 1, 'two'), /argument 2 must be a number/);
  });

  it('date: ISO 8601 by default, Moment.js formats in UTC otherwise', () => {
    assert.equal(call('date'), '2025-03-09T14:05:09.045Z');
    const cases: [string, string][] = [
      ['YYYYMMDD', '20250309'],
      ['YYYY-MM-DD HH:mm:ss.SSS Z', '2025-03-09 14:05:09.045 +00:00'],
      ['llll', 'Sun, Mar 9, 2025 2:05 PM'],
      ['LLLL', 'Sunday, March 9, 2025 2:05 PM'],
      ['L LT LTS', '03/09/2025 2:05 PM 2:05:09 PM'],
      ['Do MMMM YYYY, h:mm:ss a', '9th March 2025, 2:05:09 pm'],
      ['M Mo MMM Q Qo', '3 3rd Mar 1 1st'],
      ['DDD DDDD DDDo', '68 068 68th'],
      ['d do dd ddd dddd e E', '0 0th Su Sun Sunday 0 7'],
      ['w wo ww W Wo WW', '11 11th 11 10 10th 10'],
      ['gggg gg GGGG GG', '2025 25 2025 25'],
      ['YY Y YYYYY YYYYYY', '25 2025 02025 +002025'],
      ['y yo N NNNN', '2025 2025th AD Anno Domini'],
      ['H HH h hh k kk A', '14 14 2 02 14 14 PM'],
      ['S SS SSS SSSS SSSSSS', '0 04 045 0450 045000'],
      ['X x', '1741529109 1741529109045'],
      ['z zz ZZ', 'UTC Coordinated Universal Time +0000'],
      ['[Release] YYYY [at] HH[h]', 'Release 2025 at 14h'],
      // Moment's own tokenizing, quirks included (values from moment 2.30):
      ['DDo', '09o'],
      ['lYYYY', '3/9/+00202525'],
      ['\\YYYY [w|] w|', 'YYYY w| w|'],
      ['hmm Hmmss', '205 140509'],
      ['yy yyy ggggg', '2025 2025 02025'],
    ];
    for (const [format, expected] of cases) assert.equal(formatDate(NOW, format), expected, format);
    assert.equal(call('date', 'YYYY'), '2025');
    assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal), ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st', '111th']);
  });

  it('randomSecret: base64 by default or hex, of the requested length, the same for the same place', () => {
    const book = new SecretBook({}, new SeededIds(5));
    const first = callFunction('randomSecret', [32], context(book)) as string;
    assert.match(first, /^[A-Za-z0-9+/]{32}$/);
    assert.equal(callFunction('randomSecret', [32], context(book)), first, 'generated once per key');
    const hex = callFunction('randomSecret', [16, 'hex'], context(book)) as string;
    assert.match(hex, /^[0-9a-f]{16}$/);
    assert.deepEqual(Object.keys(book.newSecrets).sort(), ['key|16|hex', 'key|32|base64']);
    assert.throws(() => callFunction('randomSecret', [8, 'base32'], context(book)), /'base64' or 'hex'/);
    assert.throws(() => callFunction('randomSecret', [0], context(book)), /between 1 and/);
    const stored = new SecretBook({ 'key|32|base64': 'kept-from-an-earlier-run-0123456' }, new SeededIds(5));
    assert.equal(callFunction('randomSecret', [32], context(stored)), 'kept-from-an-earlier-run-0123456');
    assert.deepEqual(stored.newSecrets, {});
  });

  it('masks secrets wherever they appear, deeply, without touching the original', () => {
    const book = new SecretBook({}, new SeededIds(1));
    const secret = book.randomSecret('k', 24, 'base64');
    const value = { env: { TOKEN: secret, URL: `postgres://app:${secret}@db` }, list: [secret, 'plain'], n: 1 };
    const masked = book.mask(value);
    assert.deepEqual(masked, { env: { TOKEN: MASK, URL: `postgres://app:${MASK}@db` }, list: [MASK, 'plain'], n: 1 });
    assert.equal(value.env.TOKEN, secret);
    assert.ok(!JSON.stringify(masked).includes(secret));
  });

  it('randomString gives letters and digits of the requested length', () => {
    assert.match(call('randomString', 64) as string, /^[A-Za-z0-9]{64}$/);
  });
});
