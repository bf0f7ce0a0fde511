const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Earliest and latest instants accepted as a change time: DynamoDB Streams did not exist before, and a later one is a unit mix-up. */
export const EARLIEST_EVENT_MILLIS = Date.UTC(2000, 0, 1);
export const LATEST_EVENT_MILLIS = Date.UTC(2100, 0, 1);

/**
 * An ISO 8601 timestamp as UTC with milliseconds (`2026-11-25T10:15:30.123Z`), the only form the lake
 * holds. Text already in that form is returned as it is (the common case, no Date); other ISO 8601
 * forms with a zone are converted; anything else gives `undefined`.
 */
export function toIsoMillis(text: string): string | undefined {
  if (ISO_MILLIS.test(text)) return text;
  if (!ISO_8601.test(text)) return undefined;
  const millis = Date.parse(text);
  return Number.isFinite(millis) ? new Date(millis).toISOString() : undefined;
}

/**
 * Epoch milliseconds to ISO text, remembering the last answer: within a batch many records share a
 * second (Streams) or an arrival time, and `toISOString` is one of the dearer steps per record.
 */
export class IsoClock {
  private lastMillis = Number.NaN;
  private lastText = '';

  public format(millis: number): string {
    if (millis !== this.lastMillis) {
      this.lastMillis = millis;
      this.lastText = new Date(millis).toISOString();
    }
    return this.lastText;
  }
}
