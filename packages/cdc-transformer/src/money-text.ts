import { toMoneyText } from '@org/order-schema';

/** Money text that `toMoneyText` only pads: no sign, no leading zero, at most 10 + 2 digits. */
const PLAIN_MONEY = /^(?:0|[1-9]\d{0,9})(?:\.\d\d?)?$/;

/** `toMoneyText(text)`, answering the common shapes (`12`, `12.3`, `12.30`) without its regexes. */
export function moneyTextOf(text: string): string | undefined {
  if (!PLAIN_MONEY.test(text)) return toMoneyText(text);
  const dot = text.indexOf('.');
  if (dot < 0) return `${text}.00`;
  return text.length - dot === 3 ? text : `${text}0`;
}
