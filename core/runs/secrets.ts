import type { IdGenerator } from './clock';

/** What a secret looks like wherever it is shown. */
export const MASK = '********';

/** Shorter values are not masked inside other text: masking every "ab" would hide everything and protect nothing. */
const MIN_MASKED_LENGTH = 4;

/**
 * The secrets of a run: `randomSecret` values (generated once per flow and
 * place, then kept in the local state) and secret arguments. `mask` replaces
 * every one of them wherever it appears, in any output, event or record.
 */
export class SecretBook {
  private readonly values = new Set<string>();
  private pattern: RegExp | undefined;
  private readonly created: Record<string, string> = {};

  constructor(
    private readonly stored: Readonly<Record<string, string>>,
    private readonly ids: IdGenerator,
  ) {}

  /** The secret kept for `key`, generating and remembering it the first time. */
  randomSecret(key: string, length: number, encoding: 'base64' | 'hex'): string {
    let value = this.stored[key] ?? this.created[key];
    if (value === undefined) {
      const bytes = Buffer.from(this.ids.bytes(encoding === 'hex' ? Math.ceil(length / 2) : Math.ceil((length * 3) / 4) + 1));
      value = bytes.toString(encoding).slice(0, length);
      this.created[key] = value;
    }
    this.add(value);
    return value;
  }

  /** Secrets generated during this run, to be saved with the others. */
  get newSecrets(): Readonly<Record<string, string>> {
    return this.created;
  }

  add(value: string): void {
    if (value.length === 0 || this.values.has(value)) return;
    this.values.add(value);
    this.pattern = undefined;
  }

  /** Whether `value` (a string, or any string inside it) is or contains a secret. */
  reveals(value: unknown): boolean {
    if (this.values.size === 0) return false;
    if (typeof value === 'string') return this.values.has(value) || this.maskText(value) !== value;
    if (Array.isArray(value)) return value.some((item) => this.reveals(item));
    if (value !== null && typeof value === 'object') return Object.values(value).some((item) => this.reveals(item));
    return false;
  }

  /**
   * Anything computed from a secret is a secret (`fn.toUpper`, `fn.toBase64`,
   * `fn.slice` of one...): when an input reveals a secret, the result's
   * strings are added to the book, so they are masked wherever they appear.
   */
  derive<T>(inputs: readonly unknown[], result: T): T {
    if (inputs.some((input) => this.reveals(input))) this.addStrings(result);
    return result;
  }

  private addStrings(value: unknown): void {
    if (typeof value === 'string') this.add(value);
    else if (Array.isArray(value)) for (const item of value) this.addStrings(item);
    else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) this.addStrings(item);
  }

  get size(): number {
    return this.values.size;
  }

  maskText(text: string): string {
    if (this.values.size === 0) return text;
    if (this.values.has(text)) return MASK;
    if (!this.pattern) {
      const long = [...this.values].filter((v) => v.length >= MIN_MASKED_LENGTH).sort((a, b) => b.length - a.length);
      this.pattern = long.length === 0 ? /(?!)/g : new RegExp(long.map(escapeRegExp).join('|'), 'g');
    }
    this.pattern.lastIndex = 0;
    return this.pattern.test(text) ? text.replace(this.pattern, MASK) : text;
  }

  /** A copy of `value` with every secret replaced; the original is left untouched. */
  mask<T>(value: T): T {
    if (this.values.size === 0) return value;
    return this.maskValue(value) as T;
  }

  private maskValue(value: unknown): unknown {
    if (typeof value === 'string') return this.maskText(value);
    if (Array.isArray(value)) return value.map((item) => this.maskValue(item));
    if (value !== null && typeof value === 'object') {
      const result: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) result[key] = this.maskValue(item);
      return result;
    }
    return value;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const SECRET_NAME = /(secret|token|passw(or)?d|passwd|api[-_]?key|private[-_]?key|credential|auth)/i;

/** Argument names that say their value is secret, e.g. DB_PASSWORD or API_TOKEN. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}
