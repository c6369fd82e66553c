import * as assert from 'node:assert/strict';
import { looksRandom, secretsValidator } from '../../core/validation/secrets';
import { build, check, clean, diag, flow, node } from './helpers';

// Assembled at run time so that this file itself holds no token-shaped literal.
const GITHUB_TOKEN = ['ghp', '_', 'R8mZ2kQ9vX4tL7pN3bW6yC1dF5hJ0sA2eG4u'].join('');
const RANDOM = 'q8Zr2LmX9vT4kP7wN3bY6cH1';
const GITOPS = /keep secrets in the platform's argument overrides or a secret group, and read them with \$\{args\.NAME\}/;

describe('secrets validator', () => {
  it('accepts ordinary argument values: a commit sha, long words, names, dates, expressions', () => {
    clean(
      secretsValidator,
      flow({
        arguments: {
          SHA: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
          WORD: 'internationalization',
          PLAN: 'nf-compute-100-production',
          SERVICE: 'my-service-production-2024',
          CAMEL: 'ReleaseFlowConfiguration',
          WHEN: '2025-05-14T22:00:00.000Z',
          SECRET: "${fn.randomSecret(32, 'hex')}",
          DB: 'postgres://admin:${args.PASSWORD}@db:5432/app',
          SHORT: 'aB3dE5',
          N: 12345678901234567890,
        },
        steps: [build('b', { sha: '${args.SHA}' })],
      }),
    );
  });

  it('flags a GitHub token anywhere, covering the whole string', () => {
    const message = node('Message', 'notify', { kind: 'RAW_WEBHOOK', webhookUrl: `https://x-access-token:${GITHUB_TOKEN}@example.com/hook`, message: 'done' });
    check(secretsValidator, flow({ top: { description: `token ${GITHUB_TOKEN}` }, arguments: { TOKEN: GITHUB_TOKEN }, steps: [message] }), [
      diag('secret-in-file', 'warning', `"token ${GITHUB_TOKEN}"`, /This value looks like a GitHub token\./, GITOPS),
      diag('secret-in-file', 'warning', `"${GITHUB_TOKEN}"`, /a GitHub token/),
      diag('secret-in-file', 'warning', `"https://x-access-token:${GITHUB_TOKEN}@example.com/hook"`, /a GitHub token/),
    ]);
  });

  it('flags a URL with a literal password and a private key', () => {
    const key = ['-----BEGIN', 'RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----'].join(' ');
    check(secretsValidator, flow({ arguments: { DB: 'postgres://admin:hunter22@db:5432/app', KEY: key } }), [
      diag('secret-in-file', 'warning', '"postgres://admin:hunter22@db:5432/app"', /a URL with a password/),
      diag('secret-in-file', 'warning', JSON.stringify(key), /a private key/),
    ]);
  });

  it('flags a high-entropy argument value, but not the same value outside "arguments"', () => {
    check(secretsValidator, flow({ arguments: { API_KEY: RANDOM }, steps: [build('b', { id: RANDOM })] }), [
      diag('secret-in-file', 'warning', `"${RANDOM}"`, /This argument value looks like a generated secret \(long and random\)\./, GITOPS),
    ]);
  });

  it('does not read argument names or other keys as values', () => {
    clean(secretsValidator, flow({ arguments: { [RANDOM]: 'x' }, steps: [build('b', { [GITHUB_TOKEN.slice(0, 10)]: 'y' })] }));
  });

  it('warns about committed argumentOverrides on the key', () => {
    check(secretsValidator, flow({ argumentOverrides: { PASSWORD: 'x' } }), [
      diag('argument-overrides-committed', 'warning', '"argumentOverrides"', /"argumentOverrides" holds secret values and must not be committed\./, GITOPS),
    ]);
  });

  it('leaves an empty argumentOverrides alone: it holds nothing', () => {
    clean(secretsValidator, flow({ argumentOverrides: {} }));
  });

  it('reports both the overrides and a token inside them', () => {
    check(secretsValidator, flow({ argumentOverrides: { TOKEN: GITHUB_TOKEN } }), [
      diag('argument-overrides-committed', 'warning', '"argumentOverrides"'),
      diag('secret-in-file', 'warning', `"${GITHUB_TOKEN}"`, /a GitHub token/),
    ]);
  });

  it('looksRandom: length, character classes and entropy decide', () => {
    assert.equal(looksRandom(RANDOM), true);
    assert.equal(looksRandom(RANDOM.slice(0, 19)), false, 'too short');
    assert.equal(looksRandom('abcdefghijklmnopqrstuvwxyz'), false, 'one character class');
    assert.equal(looksRandom('3f2b1c9e8d4a4b6f9e2a7c1d5b8a0f3e0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d'.slice(0, 64)), false, 'a sha-256 digest');
    assert.equal(looksRandom('my secret value with 42 spaces'), false, 'prose');
  });
});
