// One scratch buffer, reused by every record of every batch (the transformation is synchronous), in
// place of a new Buffer per decode and per encode: the same bytes, without the allocations. It only
// grows, to the largest record seen.
let scratch = Buffer.allocUnsafe(64 * 1024);

function scratchOf(bytes: number): Buffer {
  if (scratch.length < bytes) scratch = Buffer.allocUnsafe(Math.max(bytes, scratch.length * 2));
  return scratch;
}

/** `Buffer.from(data, 'base64').toString('utf8')`, without allocating a Buffer. */
export function base64ToText(data: string): string {
  // Decoding never yields more than 3 bytes per 4 characters (characters outside the alphabet are skipped).
  const buffer = scratchOf(Math.ceil((data.length * 3) / 4));
  const bytes = buffer.write(data, 0, 'base64');
  return buffer.toString('utf8', 0, bytes);
}

/** `Buffer.from(text, 'utf8').toString('base64')`, without allocating a Buffer. */
export function textToBase64(text: string): string {
  // UTF-8 needs at most 3 bytes per UTF-16 code unit.
  const buffer = scratchOf(text.length * 3);
  const bytes = buffer.write(text, 0, 'utf8');
  return buffer.toString('base64', 0, bytes);
}
