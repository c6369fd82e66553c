import * as assert from 'node:assert/strict';
import { parseFlow } from '../../core/document/parse';
import { secretsValidator } from '../../core/validation/secrets';

/** One sample per credential format, assembled at run time so that this file holds no token-shaped literal. */
const SAMPLES: Record<string, string> = {
  'a GitHub token': ['ghp', '_', 'A'.repeat(36)].join(''),
  'a GitHub fine-grained token': ['github', '_pat_', 'B'.repeat(44)].join(''),
  'a GitLab token': ['glpat', '-', 'c'.repeat(20)].join(''),
  'a Slack token': ['xoxb', '-', '1234567890ab'].join(''),
  'a Slack webhook URL': ['https://hooks', '.slack.com/services/T0001/B0002/', 'abcDEF123'].join(''),
  'an AWS access key id': ['AKIA', 'ABCDEFGHIJKLMNOP'].join(''),
  'a Google API key': ['AIza', 'd'.repeat(35)].join(''),
  'a Stripe secret key': ['sk', '_live_', 'e'.repeat(24)].join(''),
  'an OpenAI-style API key': ['sk', '-', 'f'.repeat(40)].join(''),
  'an npm token': ['npm', '_', 'g'.repeat(36)].join(''),
  'a private key': ['-----BEGIN', ' EC PRIVATE KEY-----'].join(''),
  'a JSON web token': ['eyJ', 'h'.repeat(12), '.eyJ', 'i'.repeat(12), '.', 'j'.repeat(12)].join(''),
};

describe('secrets: the cheap first pass', () => {
  it('lets every credential format through to its full pattern', () => {
    for (const [what, value] of Object.entries(SAMPLES)) {
      const model = parseFlow(JSON.stringify({ apiVersion: 'v1.2', description: `x ${value} y` }));
      const found = secretsValidator.validate({ model, repoPath: undefined, pipeline: undefined });
      assert.equal(found.length, 1, what);
      assert.match(found[0]!.message, /This value looks like a/, what);
    }
  });
});
