import { describe, expect, it } from 'vitest';
import { FilterSyntaxError, SCHEMA_ENTERPRISE_USER, evaluateFilter } from '../src/index.js';

const user = {
  userName: 'Ann@Acme.com',
  externalId: 'E1',
  active: true,
  name: { givenName: 'Ann' },
  emails: [
    { type: 'work', value: 'ann@acme.com', primary: true },
    { type: 'home', value: 'ann@home.net' },
  ],
  [SCHEMA_ENTERPRISE_USER]: { department: 'Finance', costCenter: '42' },
  level: 3,
};

describe('evaluateFilter', () => {
  it.each([
    ['department eq "finance"', true],
    [`${SCHEMA_ENTERPRISE_USER}:department eq "Finance"`, true],
    ['department ne "Finance"', false],
    ['userName sw "ann@"', true],
    ['userName ew "ACME.COM"', true],
    ['name.givenName co "nn"', true],
    ['externalId eq "e1"', false],
    ['externalId eq "E1"', true],
    ['active eq true', true],
    ['active eq false', false],
    ['level gt 2 and level le 3', true],
    ['level lt 3', false],
    ['emails[type eq "home" and value ew "home.net"]', true],
    ['emails[type eq "work" and value ew "home.net"]', false],
    ['emails.value eq "ann@home.net"', true],
    ['emails eq "ann@acme.com"', true],
    ['title pr', false],
    ['name.givenName pr', true],
    ['not (department eq "Finance") or costCenter eq "42"', true],
    ['title eq null', true],
    ['division eq "x"', false],
  ])('%s -> %s', (filter, expected) => {
    expect(evaluateFilter(filter, user)).toBe(expected);
  });

  it('refuses a filter that does not parse', () => {
    expect(() => evaluateFilter('department eq', user)).toThrow(FilterSyntaxError);
  });
});
