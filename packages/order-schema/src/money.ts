import { MONEY_PRECISION, MONEY_SCALE } from './constants';

const INTEGER_DIGITS = MONEY_PRECISION - MONEY_SCALE;
const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Formats a decimal number's text (as DynamoDB stores an `N`, e.g. `"12.3"`) as `decimal(12,2)` text
 * (`"12.30"`) without going through a float. Returns `undefined` when the text is not a plain decimal,
 * has more than 2 significant fraction digits, or has more than 10 integer digits.
 *
 * @example toMoneyText('12.3') // '12.30'
 */
export function toMoneyText(text: string): string | undefined {
  const match = DECIMAL_TEXT.exec(text);
  if (match === null) return undefined;
  const sign = match[1];
  const integer = match[2]!.replace(/^0+(?=\d)/, '');
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (fraction.length > MONEY_SCALE || integer.length > INTEGER_DIGITS) return undefined;
  const text2 = `${integer}.${fraction.padEnd(MONEY_SCALE, '0')}`;
  return sign === '-' && text2 !== '0.00' ? `-${text2}` : text2;
}

/** Integer cents to `decimal(12,2)` text: `1230` → `"12.30"`. */
export function centsToMoneyText(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`cents must be a safe integer, got ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** `decimal(12,2)` text to integer cents: `"12.30"` → `1230`. Throws on text that is not money. */
export function moneyTextToCents(text: string): number {
  const money = toMoneyText(text);
  if (money === undefined) throw new RangeError(`not a decimal(12,2) value: ${JSON.stringify(text)}`);
  const negative = money.startsWith('-');
  const [integer, fraction] = (negative ? money.slice(1) : money).split('.') as [string, string];
  const cents = Number(integer) * 100 + Number(fraction);
  return negative ? -cents : cents;
}
