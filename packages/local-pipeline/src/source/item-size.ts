import type { AttributeMap, AttributeValue } from '@org/order-schema';

/** DynamoDB's size of a number: about one byte per two significant digits, plus one. */
export function numberSize(text: string): number {
  return Math.ceil(text.replace(/[-.]/g, '').length / 2) + 1;
}

// Sizes count UTF-16 code units as bytes: exact for ASCII, close enough for an approximate SizeBytes.
function valueSize(value: AttributeValue): number {
  if ('S' in value) return value.S.length;
  if ('N' in value) return numberSize(value.N);
  if ('B' in value) return Math.floor((value.B.length * 3) / 4);
  if ('BOOL' in value || 'NULL' in value) return 1;
  if ('M' in value) return 3 + itemSize(value.M);
  if ('L' in value) return 3 + value.L.reduce((sum, v) => sum + 1 + valueSize(v), 0);
  if ('SS' in value) return value.SS.reduce((sum, s) => sum + s.length, 0);
  if ('NS' in value) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  return value.BS.reduce((sum, b) => sum + Math.floor((b.length * 3) / 4), 0);
}

/** DynamoDB's size of an item: attribute names plus values (what a stream record's `SizeBytes` counts). */
export function itemSize(item: AttributeMap): number {
  let size = 0;
  for (const name in item) size += name.length + valueSize(item[name]!);
  return size;
}
