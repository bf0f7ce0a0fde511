import type { AttributeValue } from '@aws-sdk/client-dynamodb';

type Item = Record<string, AttributeValue>;

/**
 * True when a stored item is the item a write sent: the same attributes with the same values, numbers
 * compared by value because DynamoDB stores them normalised (`"12.30"` comes back as `"12.3"`).
 */
export function sameItem(stored: Item, sent: Item): boolean {
  const names = Object.keys(sent);
  return (
    Object.keys(stored).length === names.length &&
    names.every((name) => stored[name] !== undefined && sameValue(stored[name]!, sent[name]!))
  );
}

function sameValue(stored: AttributeValue, sent: AttributeValue): boolean {
  if (sent.N !== undefined) return stored.N !== undefined && numberKey(stored.N) === numberKey(sent.N);
  if (sent.NS !== undefined) {
    return stored.NS !== undefined && sameSet(stored.NS.map(numberKey), sent.NS.map(numberKey));
  }
  if (sent.SS !== undefined) return stored.SS !== undefined && sameSet(stored.SS, sent.SS);
  if (sent.L !== undefined) {
    const list = stored.L;
    return (
      list !== undefined &&
      list.length === sent.L.length &&
      sent.L.every((value, index) => sameValue(list[index]!, value))
    );
  }
  if (sent.M !== undefined) return stored.M !== undefined && sameItem(stored.M, sent.M);
  if (sent.S !== undefined) return stored.S === sent.S;
  if (sent.BOOL !== undefined) return stored.BOOL === sent.BOOL;
  if (sent.NULL !== undefined) return stored.NULL === sent.NULL;
  // Binary values: orders hold none; compare the bytes.
  return JSON.stringify(stored) === JSON.stringify(sent);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((value) => set.has(value));
}

/** A number's value as `<sign><significant digits>e<exponent>`, so that equal values give equal keys. */
function numberKey(text: string): string {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (match === null) return text;
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  const digits = (whole + fraction).replace(/^0+/, '');
  if (digits === '') return '0';
  const significant = digits.replace(/0+$/, '');
  const scale = Number(exponent) - fraction.length + (digits.length - significant.length);
  return `${sign === '-' ? '-' : ''}${significant}e${scale}`;
}
