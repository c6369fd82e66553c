import { diagnostic, type FlowDiagnostic } from './diagnostics';
import { localValidator, type LocalValidator } from './region';
import { propertyEntry, spanOf } from '../document/parse';

const GITOPS_NOTE = 'The file is synced to Git, where everyone with access to the repository can read it; keep secrets in the platform\'s argument overrides or a secret group, and read them with ${args.NAME}.';

/** Well-known credential formats: precise enough to flag wherever they appear. */
const TOKEN_PATTERNS: { name: string; pattern: RegExp }[] = [
  { name: 'a GitHub token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})\b/ },
  { name: 'a GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { name: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  { name: 'a Slack webhook URL', pattern: /hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/ },
  { name: 'an AWS access key id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'a Stripe secret key', pattern: /\b(sk|rk)_(live|test)_[0-9A-Za-z]{20,}\b/ },
  { name: 'an OpenAI-style API key', pattern: /\bsk-(proj-)?[A-Za-z0-9_-]{32,}\b/ },
  { name: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { name: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: 'a JSON web token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
];

/**
 * A literal every TOKEN_PATTERNS match contains: one scan rules out the great
 * majority of strings before eleven patterns run on each (that was most of a
 * large flow's validation time). Keep it in step with the patterns above.
 */
const TOKEN_HINT = /gh[pousr]_|github_pat_|glpat-|xox[abposr]-|hooks\.slack\.com|AKIA|ASIA|AIza|_live_|_test_|sk-|npm_|-----BEGIN|eyJ/;

const URL_CREDENTIALS = /^[^/\s:@]{1,256}:[^/\s@$]{3,256}@/;

/** `scheme://user:password@host`: checked from each `://`, so long strings without one cost nothing. */
function hasUrlPassword(value: string): boolean {
  for (let at = value.indexOf('://'); at > 0; at = value.indexOf('://', at + 3)) {
    if (/[a-z0-9+.-]/i.test(value[at - 1] as string) && URL_CREDENTIALS.test(value.slice(at + 3, at + 3 + 520))) return true;
  }
  return false;
}

/** `argumentOverrides` in the file, and values that look like credentials. */
export const secretsValidator: LocalValidator = localValidator('secrets', ({ model, strings, argumentValues, topLevel }) => {
  const result: FlowDiagnostic[] = [];
  if (!model.root) return result;
  const overrides = topLevel ? propertyEntry(model.root, 'argumentOverrides') : undefined;
  const overridesValue = overrides?.children?.[1];
  const hasOverrides = overridesValue !== undefined && !(overridesValue.type === 'object' && (overridesValue.children ?? []).length === 0);
  if (overrides?.children?.[0] && hasOverrides) {
    result.push(
      diagnostic('argument-overrides-committed', 'warning', `"argumentOverrides" holds secret values and must not be committed. ${GITOPS_NOTE}`, spanOf(overrides.children[0])),
    );
  }
  for (const json of strings) {
    const value = json.value as string;
    const token = (TOKEN_HINT.test(value) ? TOKEN_PATTERNS.find((t) => t.pattern.test(value)) : undefined) ?? (hasUrlPassword(value) ? { name: 'a URL with a password' } : undefined);
    if (token) {
      result.push(diagnostic('secret-in-file', 'warning', `This value looks like ${token.name}. ${GITOPS_NOTE}`, spanOf(json)));
    } else if (argumentValues.has(json) && looksRandom(value)) {
      result.push(diagnostic('secret-in-file', 'warning', `This argument value looks like a generated secret (long and random). ${GITOPS_NOTE}`, spanOf(json)));
    }
  }
  return result;
});

/**
 * High-entropy strings: long, mixing character classes, with nearly
 * uniform characters. Expressions, paths, URLs and prose are excluded.
 */
export function looksRandom(value: string): boolean {
  if (value.length < 20 || value.length > 4096 || value.includes('${') || /[\s/]/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(value)).length;
  if (classes < 2) return false;
  if (/^[0-9a-f]{40}$/.test(value) || /^[0-9a-f]{64}$/.test(value)) return false; // commit shas and digests are not secrets
  if (isNameOfWords(value)) return false; // names such as nf-compute-100-production or ReleaseFlowConfiguration
  return shannonEntropy(value) >= (classes === 3 ? 4.0 : 3.6);
}

/** Words of two or more letters (lower case, or capitalised as in CamelCase) and numbers, joined by - _ . or nothing. Linear: no backtracking. */
function isNameOfWords(value: string): boolean {
  return value
    .split(/[-_.]|(?=[A-Z])|(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])/)
    .every((token) => /^(?:[A-Z]?[a-z]{2,}|[0-9]+)$/.test(token));
}

export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}
