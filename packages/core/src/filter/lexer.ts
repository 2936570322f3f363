import { FilterSyntaxError, type SyntaxSubject } from './errors.js';

export type TokenKind = 'word' | 'string' | '(' | ')' | '[' | ']' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text of the token (with quotes for a string). */
  text: string;
  /** 0-based offset in the input. */
  pos: number;
  /** Decoded value of a string token. */
  value?: string;
}

const PUNCT = new Set(['(', ')', '[', ']']);
const SPACE = /[ \t\r\n]/;
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** Splits filter text into tokens on demand, so the first error in reading order is the one reported. */
export class Lexer {
  private i = 0;
  private peeked: Token | undefined;

  constructor(
    readonly input: string,
    readonly subject: SyntaxSubject,
  ) {}

  peek(): Token {
    this.peeked ??= this.read();
    return this.peeked;
  }

  next(): Token {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  /** How a token is named in "but found ..." messages. */
  describe(t: Token): string {
    if (t.kind === 'eof') return this.end;
    const text = t.text.length > 30 ? `${t.text.slice(0, 30)}...` : t.text;
    return JSON.stringify(text);
  }

  get end(): string {
    return this.subject === 'SCIM filter' ? 'end of filter' : 'end of path';
  }

  fail(at: number, expected: string, found: string): never {
    throw new FilterSyntaxError(this.input, at, expected, found, this.subject);
  }

  private read(): Token {
    const s = this.input;
    while (this.i < s.length && SPACE.test(s[this.i] as string)) this.i++;
    const pos = this.i;
    if (pos >= s.length) return { kind: 'eof', text: '', pos };
    const c = s[pos] as string;
    if (PUNCT.has(c)) {
      this.i++;
      return { kind: c as TokenKind, text: c, pos };
    }
    if (c === '"') return this.readString(pos);
    let j = pos;
    while (
      j < s.length &&
      !SPACE.test(s[j] as string) &&
      !PUNCT.has(s[j] as string) &&
      s[j] !== '"'
    )
      j++;
    this.i = j;
    return { kind: 'word', text: s.slice(pos, j), pos };
  }

  /** A JSON string (RFC 8259 section 7), as RFC 7644 requires for compValue. */
  private readString(start: number): Token {
    const s = this.input;
    let out = '';
    let j = start + 1;
    for (;;) {
      if (j >= s.length)
        this.fail(start, 'a closing quote (") for the string that starts here', this.end);
      const c = s[j] as string;
      if (c === '"') break;
      if (c.charCodeAt(0) < 0x20)
        this.fail(
          j,
          'a string character (write control characters as escapes such as \\n or \\u0000)',
          describeChar(c),
        );
      if (c !== '\\') {
        out += c;
        j++;
        continue;
      }
      const e = s[j + 1];
      if (e === 'u') {
        const hex = s.slice(j + 2, j + 6);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex))
          this.fail(
            j,
            'a \\u escape with four hex digits, e.g. \\u00e9',
            JSON.stringify(s.slice(j, j + 6)),
          );
        out += String.fromCharCode(parseInt(hex, 16));
        j += 6;
      } else if (e !== undefined && e in ESCAPES) {
        out += ESCAPES[e];
        j += 2;
      } else {
        this.fail(
          j,
          'an escape sequence (\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX)',
          e === undefined ? this.end : JSON.stringify(`\\${e}`),
        );
      }
    }
    this.i = j + 1;
    return { kind: 'string', text: s.slice(start, j + 1), pos: start, value: out };
  }
}

function describeChar(c: string): string {
  return `control character U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}
