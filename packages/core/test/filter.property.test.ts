import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMPARE_OPS,
  eq,
  filterText,
  formatFilter,
  parseFilter,
  type FilterNode,
  type FilterValue,
} from '../src/filter/index.js';

const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,8}$/);
const path = fc.oneof(
  name,
  fc.tuple(name, name).map(([a, b]) => `${a}.${b}`),
  fc
    .tuple(
      fc.constantFrom('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', 'urn:x:y'),
      name,
      fc.option(name),
    )
    .map(([u, a, s]) => (s === null ? `${u}:${a}` : `${u}:${a}.${s}`)),
  fc.constantFrom('and', 'or', 'not', 'pr', 'eq', 'members.$ref', 'true', 'null'),
);
const value: fc.Arbitrary<FilterValue> = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (d === 0 ? 0 : d)),
  fc.boolean(),
  fc.constant(null),
);

function nodes(withValuePath: boolean): fc.Arbitrary<FilterNode> {
  return fc.letrec<{ node: FilterNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({
        type: fc.constant('compare' as const),
        op: fc.constantFrom(...COMPARE_OPS),
        path,
        value,
      }),
      fc.record({ type: fc.constant('present' as const), path }),
      fc.record({
        type: fc.constant('and' as const),
        filters: fc.array(tie('node'), { minLength: 2, maxLength: 3 }),
      }),
      fc.record({
        type: fc.constant('or' as const),
        filters: fc.array(tie('node'), { minLength: 2, maxLength: 3 }),
      }),
      fc.record({ type: fc.constant('not' as const), filter: tie('node') }),
      ...(withValuePath
        ? [fc.record({ type: fc.constant('valuePath' as const), path, filter: nodes(false) })]
        : []),
    ),
  })).node;
}

describe('filter properties', () => {
  it('parseFilter(formatFilter(x)) deep-equals x for arbitrary trees', () => {
    fc.assert(
      fc.property(nodes(true), (ast) => {
        expect(parseFilter(formatFilter(ast))).toEqual(ast);
        expect(filterText(ast)).toBe(formatFilter(ast));
      }),
      { numRuns: 500 },
    );
  });

  it('any string value survives formatFilter(eq(userName, s)) and parsing', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string()),
        (s) => {
          const node = parseFilter(formatFilter(eq('userName', s)));
          expect(node).toEqual({ type: 'compare', op: 'eq', path: 'userName', value: s });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('the parser either returns a tree or throws FilterSyntaxError with a position inside the text', () => {
    const alphabet = fc.constantFrom(
      'a',
      'b',
      ' ',
      '"',
      '\\',
      '(',
      ')',
      '[',
      ']',
      'eq',
      ' and ',
      ' or ',
      'not',
      'pr',
      '1',
      '.',
      ':',
    );
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 20 }).map((p) => p.join('')),
        (text) => {
          // Only the parse of the generated text may throw: a throw from the round trip (the
          // formatter writing what the parser refuses) is a failure, not a rejected input.
          let ast: ReturnType<typeof parseFilter>;
          try {
            ast = parseFilter(text);
          } catch (e) {
            expect((e as Error).name).toBe('FilterSyntaxError');
            const pos = (e as { position: number }).position;
            expect(pos).toBeGreaterThanOrEqual(0);
            expect(pos).toBeLessThanOrEqual(text.length);
            return;
          }
          expect(parseFilter(formatFilter(ast))).toEqual(ast);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
