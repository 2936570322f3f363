/** What kind of text was being read, for the message prefix. */
export type SyntaxSubject = 'SCIM filter' | 'PATCH path' | 'attribute path';

/**
 * A filter, PATCH path or attribute path that does not follow RFC 7644's grammar.
 * `position` is the 0-based offset of the offending text, `expected` says what the
 * grammar allows there and `found` what was there instead.
 */
export class FilterSyntaxError extends Error {
  override readonly name = 'FilterSyntaxError';
  readonly position: number;
  readonly expected: string;
  readonly found: string;
  readonly input: string;

  constructor(
    input: string,
    position: number,
    expected: string,
    found: string,
    subject: SyntaxSubject = 'SCIM filter',
  ) {
    const caret = `${' '.repeat(position)}^`;
    super(
      `Invalid ${subject} at position ${position}: expected ${expected} but found ${found}. ` +
        `${subject === 'SCIM filter' ? 'Filter' : 'Path'}: ${input}\n  ${input}\n  ${caret}`,
    );
    this.position = position;
    this.expected = expected;
    this.found = found;
    this.input = input;
  }
}
