import { describe, expect, it } from 'vitest';
import { parseCliOptions } from '../../src/cli-options';
import { InvalidOptionError } from '../../src/index';

describe('parseCliOptions, a value that starts with a dash', () => {
  it.each([
    ['--orders', '-5', 'invalid --orders: expected a whole number >= 0, got "-5"'],
    ['--concurrency', '-3', 'invalid --concurrency: expected a whole number >= 1, got "-3"'],
    ['--rate', '-1', 'invalid --rate: expected a number of operations per second > 0, got "-1"'],
    [
      '--delete-rate',
      '-0.1',
      'invalid --delete-rate: expected a share between 0 and 1, e.g. 0.05, got "-0.1"',
    ],
    ['--transaction-size', '-2', 'invalid --transaction-size: expected a whole number >= 1, got "-2"'],
  ])("%s %s is refused by the flag's own check", (flag, value, message) => {
    expect(() => parseCliOptions([flag, value])).toThrow(InvalidOptionError);
    expect(() => parseCliOptions([flag, value])).toThrow(message);
  });

  it('names the flag when any other value starts with a dash', () => {
    expect(() => parseCliOptions(['--table', '-x'])).toThrow(
      'invalid --table: expected a value; write --table=VALUE for one that starts with a dash, got "-x"',
    );
  });
});

describe('parseCliOptions, coupons', () => {
  it('reads --coupon-share and --coupon-from, by default none and half way', () => {
    expect(parseCliOptions([])).toMatchObject({ couponShare: 0, couponFrom: 0.5 });
    expect(parseCliOptions(['--coupon-share', '0.3', '--coupon-from', '0.25'])).toMatchObject({
      couponShare: 0.3,
      couponFrom: 0.25,
    });
  });

  it.each([
    [
      ['--coupon-share', '30%'],
      'invalid --coupon-share: expected a share between 0 and 1, e.g. 0.05, got "30%"',
    ],
    [['--coupon-from', '2'], 'invalid --coupon-from: expected a share between 0 and 1, e.g. 0.05, got "2"'],
  ])('refuses %o', (args, message) => {
    expect(() => parseCliOptions(args)).toThrow(message);
  });
});
