import type { Span } from '../text/positions';
import type {
  Expression,
  ExpressionError,
  Interpolation,
  ParsedTemplate,
  PathSegment,
} from './ast';

/** Maps an index in the decoded string value to an offset in the document. */
export type OffsetMapper = (index: number) => number;

const MAX_NESTING = 64;

/**
 * Splits a string value into text and `${...}` interpolations and parses each
 * one. Never throws: errors are collected with the exact span they concern.
 */
export function parseTemplate(value: string, toDocument: OffsetMapper = (i) => i): ParsedTemplate {
  const interpolations: Interpolation[] = [];
  const errors: ExpressionError[] = [];
  let searchFrom = 0;
  for (;;) {
    const open = value.indexOf('${', searchFrom);
    if (open < 0) break;
    const close = findClosingBrace(value, open + 2);
    const terminated = close >= 0;
    const innerEnd = terminated ? close : value.length;
    const parser = new ExpressionParser(value, open + 2, innerEnd, toDocument, errors);
    const expression = parser.parseInterpolationBody();
    const span = { start: toDocument(open), end: toDocument(terminated ? close + 1 : value.length) };
    if (!terminated) {
      errors.push({ message: "Unterminated expression: '${' has no closing '}'.", span: { start: span.start, end: toDocument(open + 2) } });
    }
    interpolations.push({
      span,
      innerSpan: { start: toDocument(open + 2), end: toDocument(innerEnd) },
      expression,
      terminated,
    });
    if (!terminated) break;
    searchFrom = close + 1;
  }
  const only = interpolations.length === 1 ? interpolations[0] : undefined;
  const isSingleExpression =
    only !== undefined && only.terminated && value.startsWith('${') && value.endsWith('}') && findClosingBrace(value, 2) === value.length - 1;
  return { interpolations, errors, isSingleExpression };
}

/** Index of the `}` closing an interpolation whose body starts at `from`, skipping quoted strings; -1 when none. */
export function findClosingBrace(value: string, from: number): number {
  let quote = false;
  for (let i = from; i < value.length; i++) {
    const ch = value[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === "'") quote = false;
    } else if (ch === "'") {
      quote = true;
    } else if (ch === '}') {
      return i;
    }
  }
  return -1;
}

// By character code rather than a regular expression: these run for every character of every expression of a flow.
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** `[A-Za-z_$]` */
const isIdentifierStart = (ch: string | undefined): boolean => {
  if (ch === undefined || ch.length !== 1) return false;
  const c = ch.charCodeAt(0);
  return isLetter(c) || c === 95 || c === 36;
};
/** `[A-Za-z0-9_$-]` */
const isSegmentChar = (ch: string | undefined): boolean => {
  if (ch === undefined || ch.length !== 1) return false;
  const c = ch.charCodeAt(0);
  return isLetter(c) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c === 45;
};
const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';
const startsExpression = (ch: string | undefined, next: string | undefined): boolean =>
  ch === "'" || ch === '"' || isDigit(ch) || isIdentifierStart(ch) || ((ch === '-' || ch === '+') && isDigit(next));

class ExpressionParser {
  private position: number;
  private depth = 0;

  constructor(
    private readonly source: string,
    start: number,
    private readonly end: number,
    private readonly toDocument: OffsetMapper,
    private readonly errors: ExpressionError[],
  ) {
    this.position = start;
  }

  parseInterpolationBody(): Expression | undefined {
    this.skipWhitespace();
    if (this.position >= this.end) {
      this.error('Empty expression: write refs.<node>.<property>, args.<name> or fn.<function>(...).', this.position, this.position);
      return undefined;
    }
    const expression = this.parseExpression();
    this.skipWhitespace();
    if (this.position < this.end) {
      this.error(`Unexpected '${this.source.slice(this.position, this.end)}' after the expression.`, this.position, this.end);
      this.position = this.end;
    }
    return expression;
  }

  private parseExpression(): Expression {
    this.skipWhitespace();
    const start = this.position;
    const ch = this.source[this.position];
    if (this.position >= this.end) {
      this.error('Expected an expression.', start, start);
      return { type: 'missing', span: this.span(start, start) };
    }
    if (ch === ')' || ch === ',') {
      // Left for the enclosing call to consume, so one gap is one error.
      this.error(`Expected an expression before '${ch}'.`, start, start + 1);
      return { type: 'missing', span: this.span(start, start) };
    }
    if (ch === "'") return this.parseString();
    if (ch === '"') {
      const literal = this.parseString();
      this.error("Strings in expressions use single quotes: 'text'.", start, this.position);
      return literal;
    }
    if (isDigit(ch) || ((ch === '-' || ch === '+') && isDigit(this.source[this.position + 1]))) return this.parseNumber();
    if (isIdentifierStart(ch)) return this.parsePathOrCall();
    const next = this.nextTokenEnd();
    this.error(`Unexpected '${this.source.slice(start, next)}': expected refs., args., fn., a 'string', a number, true or false.`, start, next);
    this.position = next;
    return { type: 'missing', span: this.span(start, next) };
  }

  private parseString(): Expression {
    const start = this.position;
    const quote = this.source[start];
    this.position++;
    let value = '';
    while (this.position < this.end && this.source[this.position] !== quote) {
      if (this.source[this.position] === '\\' && this.position + 1 < this.end) this.position++;
      value += this.source[this.position];
      this.position++;
    }
    if (this.position >= this.end) {
      this.error('Unterminated string: add the closing quote.', start, this.end);
    } else {
      this.position++;
    }
    return { type: 'string', value, span: this.span(start, this.position) };
  }

  private parseNumber(): Expression {
    const start = this.position;
    if (this.source[this.position] === '-' || this.source[this.position] === '+') this.position++;
    while (this.position < this.end && isDigit(this.source[this.position])) this.position++;
    if (this.source[this.position] === '.' && isDigit(this.source[this.position + 1])) {
      this.position++;
      while (this.position < this.end && isDigit(this.source[this.position])) this.position++;
    }
    const text = this.source.slice(start, this.position);
    if (isSegmentChar(this.source[this.position]) && this.position < this.end) {
      const next = this.nextTokenEnd();
      this.error(`Invalid number '${this.source.slice(start, next)}'.`, start, next);
      this.position = next;
    }
    return { type: 'number', value: Number(text), span: this.span(start, this.position) };
  }

  private parsePathOrCall(): Expression {
    const start = this.position;
    const segments: PathSegment[] = [this.readSegment()];
    while (this.source[this.position] === '.' && this.position < this.end) {
      this.position++;
      const segmentStart = this.position;
      if (!isSegmentChar(this.source[this.position]) || this.position >= this.end) {
        segments.push({ name: '', span: this.span(segmentStart, segmentStart) });
        this.error("Expected a name after '.'.", segmentStart - 1, segmentStart);
        break;
      }
      segments.push(this.readSegment());
    }
    const first = segments[0] as PathSegment;
    if (first.name === 'true' || first.name === 'false') {
      if (segments.length === 1) return { type: 'boolean', value: first.name === 'true', span: first.span };
    }
    const template = first.name === 'template' && segments.length > 1;
    const namespaceIndex = template ? 1 : 0;
    const isCall = segments[namespaceIndex]?.name === 'fn';
    this.skipWhitespace();
    if (isCall || this.source[this.position] === '(') {
      return this.parseCall(start, segments, namespaceIndex, template);
    }
    return { type: 'path', template, segments, span: this.span(start, this.position) };
  }

  private parseCall(start: number, segments: PathSegment[], namespaceIndex: number, template: boolean): Expression {
    const nameSegment = segments[namespaceIndex + 1];
    const callee = segments.map((s) => s.name).join('.');
    if (segments[namespaceIndex]?.name !== 'fn') {
      this.error(`'${callee}' is not a function: functions are called as fn.<name>(...).`, start, this.position);
    } else if (nameSegment === undefined) {
      this.error('Expected a function name after fn.', start, this.position);
    } else if (segments.length > namespaceIndex + 2) {
      const extra = segments.slice(namespaceIndex + 2);
      this.errors.push({
        message: `Unexpected '.${extra.map((s) => s.name).join('.')}' in the function name.`,
        span: { start: (extra[0] as PathSegment).span.start - 1, end: (extra[extra.length - 1] as PathSegment).span.end },
      });
    }
    const name = nameSegment?.name ?? '';
    const nameSpan = nameSegment?.span ?? this.span(this.position, this.position);
    const args: Expression[] = [];
    let closed = false;
    if (this.source[this.position] !== '(' || this.position >= this.end) {
      this.error(`Expected '(' after fn.${name}.`, this.position, this.position);
      return { type: 'call', template, name, nameSpan, args, closed, span: this.span(start, this.position) };
    }
    this.position++;
    if (++this.depth > MAX_NESTING) {
      this.error(`Function calls nested more than ${MAX_NESTING} deep.`, start, this.end);
      this.position = this.end;
      return { type: 'call', template, name, nameSpan, args, closed, span: this.span(start, this.position) };
    }
    this.skipWhitespace();
    if (this.source[this.position] === ')') {
      this.position++;
      closed = true;
    } else {
      let expectArgument = true;
      while (this.position < this.end) {
        if (expectArgument) args.push(this.parseExpression());
        expectArgument = true;
        this.skipWhitespace();
        const ch = this.source[this.position];
        if (this.position >= this.end) break;
        if (ch === ',') {
          this.position++;
          continue;
        }
        if (ch === ')') {
          this.position++;
          closed = true;
          break;
        }
        if (startsExpression(ch, this.source[this.position + 1])) {
          // Most likely a forgotten comma: read on as the next argument and report it there.
          const argument = this.parseExpression();
          args.push(argument);
          this.errors.push({ message: "Expected ',' or ')' before this argument.", span: argument.span });
        } else {
          const next = this.nextTokenEnd();
          this.error(`Unexpected '${this.source.slice(this.position, next)}': expected ',' or ')'.`, this.position, next);
          this.position = next;
        }
        expectArgument = false;
      }
    }
    this.depth--;
    if (!closed) this.error(`Missing ')' to close fn.${name}(.`, start, this.position);
    return { type: 'call', template, name, nameSpan, args, closed, span: this.span(start, this.position) };
  }

  private readSegment(): PathSegment {
    const start = this.position;
    while (this.position < this.end && isSegmentChar(this.source[this.position])) this.position++;
    return { name: this.source.slice(start, this.position), span: this.span(start, this.position) };
  }

  private nextTokenEnd(): number {
    let i = this.position + 1;
    while (i < this.end && isSegmentChar(this.source[i]) && isSegmentChar(this.source[this.position])) i++;
    return i;
  }

  private skipWhitespace(): void {
    while (this.position < this.end && /\s/.test(this.source[this.position] as string)) this.position++;
  }

  private span(start: number, end: number): Span {
    return { start: this.toDocument(start), end: this.toDocument(end) };
  }

  private error(message: string, start: number, end: number): void {
    this.errors.push({ message, span: this.span(start, end) });
  }
}
