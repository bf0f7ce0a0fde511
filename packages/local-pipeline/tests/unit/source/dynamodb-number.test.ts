import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors';
import { normalizeDynamoNumber } from '../../../src/source/dynamodb-number';

describe('normalizeDynamoNumber', () => {
  it.each([
    ['12.30', '12.3'],
    ['12.00', '12'],
    ['0012', '12'],
    ['+5', '5'],
    ['-0.0', '0'],
    ['-0', '0'],
    ['0.050', '0.05'],
    ['1e2', '100'],
    ['1.5E-3', '0.0015'],
    ['.5', '0.5'],
    ['7.', '7'],
    ['-12.340', '-12.34'],
    ['12.3', '12.3'],
    ['0', '0'],
  ])('stores %s as %s', (text, stored) => {
    expect(normalizeDynamoNumber(text)).toBe(stored);
  });

  it.each(['', 'abc', '1.2.3', '12,30', 'NaN', '.', '1e'])(
    'refuses %j, naming the attribute and value',
    (text) => {
      expect(() => normalizeDynamoNumber(text, 'orderTotal')).toThrow(ValidationError);
      expect(() => normalizeDynamoNumber(text, 'orderTotal')).toThrow(
        `orderTotal: not a number: ${JSON.stringify(text)}`,
      );
    },
  );

  it('refuses more than 38 significant digits', () => {
    expect(() => normalizeDynamoNumber('1'.repeat(39))).toThrow(/more than 38 significant digits/);
    expect(normalizeDynamoNumber(`${'1'.repeat(38)}000`)).toBe(`${'1'.repeat(38)}000`);
  });
});
