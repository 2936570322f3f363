import { expect, it } from 'vitest';
import { brokenText } from '../src/body-check.js';

it('names where in the body a broken character is: nested attribute, array element, key', () => {
  expect(brokenText({ userName: 'a', emails: [{ value: 'ok' }, { value: 'x\udc00' }] })).toEqual({
    detail: expect.stringContaining('emails[1].value "x\\udc00" contains a broken character'),
    hint: expect.stringContaining('cut in the middle of a character'),
  });
  expect(brokenText({ name: { ['g\ud800']: 'v' } })?.detail).toContain(
    'the attribute name in name',
  );
  expect(brokenText({ displayName: 'ok 😀', members: [{ value: 'id' }] })).toBeUndefined();
  // A whole pair is fine; so is text that merely spells an escape.
  expect(brokenText({ title: '\ud83d\ude00 and \\ud800' })).toBeUndefined();
});
