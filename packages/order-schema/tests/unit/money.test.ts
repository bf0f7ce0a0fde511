import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centsToMoneyText, moneyTextToCents, toMoneyText } from '../../src/index';

describe('toMoneyText', () => {
  it.each([
    ['12.3', '12.30'],
    ['12', '12.00'],
    ['0.1', '0.10'],
    ['007.50', '7.50'],
    ['-1.5', '-1.50'],
    ['-0', '0.00'],
    ['9999999999.99', '9999999999.99'],
    ['1.230', '1.23'],
  ])('formats %s as %s', (input, expected) => {
    expect(toMoneyText(input)).toBe(expected);
  });

  it.each([['12.345'], ['10000000000'], ['1e3'], ['abc'], [''], ['1.'], ['12345678901234567890']])(
    'rejects %s',
    (input) => {
      expect(toMoneyText(input)).toBeUndefined();
    },
  );

  it('round-trips any cents value exactly, with no float in between', () => {
    fc.assert(
      fc.property(fc.integer({ min: -999_999_999_999, max: 999_999_999_999 }), (cents) => {
        const text = centsToMoneyText(cents);
        expect(toMoneyText(text)).toBe(text);
        expect(moneyTextToCents(text)).toBe(cents);
      }),
    );
  });

  it('refuses a non-integer cents value', () => {
    expect(() => centsToMoneyText(1.5)).toThrow('cents must be a safe integer, got 1.5');
  });

  it('names the text it cannot read as money', () => {
    expect(() => moneyTextToCents('1.234')).toThrow('not a decimal(12,2) value: "1.234"');
  });
});
