/**
 * The webhook's secret: one random token per flow, kept in the repository's
 * state folder (`.release-flow/webhook.json`, mode 0600, never committed), so
 * the URL stays the same across restarts of `release-flow webhook` until it is
 * rotated. Tokens are compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { atomicWrite, readJson, withLock } from '../runs/stateFiles';

interface TokenFile {
  format: 1;
  tokens: Record<string, { token: string; createdAt: string }>;
}

const FILE = 'webhook.json';
const TOKEN = /^[A-Za-z0-9_-]{32,}$/;

/** 32 random bytes, URL-safe: what follows `/release-flows/` in the URL. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison: both sides are hashed first, so neither the
 * content nor the length of the expected token leaks through timing.
 */
export function tokenMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/** The flow's token, created on first use; `rotate` replaces it (the old URL stops working). */
export async function webhookToken(folder: string, flowKey: string, options: { rotate?: boolean; now?: () => string } = {}): Promise<{ token: string; created: boolean }> {
  await fs.mkdir(folder, { recursive: true });
  const file = path.join(folder, FILE);
  return withLock(path.join(folder, 'webhook.lock'), async () => {
    const read = await readJson(file);
    let state: TokenFile = { format: 1, tokens: {} };
    if (read !== undefined) {
      const value = 'value' in read ? (read.value as TokenFile) : undefined;
      if (!value || typeof value.tokens !== 'object' || value.tokens === null) {
        throw new Error(`${file} cannot be read (${'error' in read ? read.error : 'not a token file'}): fix or delete it (a new URL is then made).`);
      }
      state = value;
    }
    const current = Object.prototype.hasOwnProperty.call(state.tokens, flowKey) ? state.tokens[flowKey] : undefined;
    if (current && TOKEN.test(current.token) && !options.rotate) return { token: current.token, created: false };
    const token = newToken();
    state.tokens[flowKey] = { token, createdAt: (options.now ?? (() => new Date().toISOString()))() };
    await atomicWrite(file, JSON.stringify(state, null, 2) + '\n', 0o600);
    return { token, created: true };
  });
}
