/** Printable ASCII except `"` and `\`. */
const NEEDS_ESCAPING = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;

/**
 * Whether JSON writes `text` as itself in quotes: `JSON.stringify(text) === "${text}"`, and so as many
 * UTF-8 bytes as characters plus two. True for recordIds, base64 and the usual order strings.
 */
export function isPlainJsonText(text: string): boolean {
  return !NEEDS_ESCAPING.test(text);
}
