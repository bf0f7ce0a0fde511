import { ValidationError } from '../errors';

const NUMBER_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
/** Text already in DynamoDB's form (the common case), within 38 digits. */
const CANONICAL = /^-?(?:0|[1-9]\d{0,37})(?:\.\d{0,37}[1-9])?$/;
const MAX_PRECISION = 38;

/**
 * A number's text as DynamoDB stores and returns it: no sign for positives, no leading zeros, no
 * trailing fraction zeros, no exponent (`"12.30"` → `"12.3"`, `"007"` → `"7"`, `"1e2"` → `"100"`,
 * `"-0.0"` → `"0"`). Throws `ValidationError` for text DynamoDB refuses, including more than 38
 * significant digits.
 */
export function normalizeDynamoNumber(text: string, attribute = 'N'): string {
  // Up to 38 characters cannot hold more than 38 significant digits.
  if (text.length <= MAX_PRECISION && text !== '-0' && CANONICAL.test(text)) return text;
  const match = NUMBER_TEXT.exec(text);
  const integerPart = match?.[2] ?? '';
  const fractionPart = match?.[3] ?? '';
  if (!match || (integerPart === '' && fractionPart === '')) {
    throw new ValidationError(`${attribute}: not a number: ${JSON.stringify(text)}`);
  }
  const exponent = Number(match[4] ?? '0');
  let digits = (integerPart + fractionPart).replace(/^0+/, '');
  // Position of the decimal point counted from the right end of `digits`.
  let scale = fractionPart.length - exponent;
  if (digits === '') return '0';
  const trailing = /0+$/.exec(digits)?.[0].length ?? 0;
  digits = digits.slice(0, digits.length - trailing);
  scale -= trailing;
  if (digits.length > MAX_PRECISION) {
    throw new ValidationError(
      `${attribute}: more than ${MAX_PRECISION} significant digits: ${JSON.stringify(text)}`,
    );
  }
  const sign = match[1] === '-' ? '-' : '';
  if (scale <= 0) return sign + digits + '0'.repeat(-scale);
  if (scale >= digits.length) return `${sign}0.${'0'.repeat(scale - digits.length)}${digits}`;
  return `${sign}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
}
