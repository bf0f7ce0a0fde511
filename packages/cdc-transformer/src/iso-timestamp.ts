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

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_MINUTE = 60_000;
/** Largest instant a Date holds; beyond it `toISOString` throws. */
const MAX_DATE_MILLIS = 8.64e15;
const TWO_DIGITS = Array.from({ length: 60 }, (_, value) => String(value).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, value) => String(value).padStart(3, '0'));

/**
 * Epoch milliseconds to ISO text, exactly as `new Date(millis).toISOString()`. Within a batch most
 * instants share a day (and many a millisecond), and `toISOString` is one of the dearer steps per
 * record: so the last answer is kept, and within the day of the last `toISOString` the time of day is
 * written from integer arithmetic (JavaScript time has no leap seconds).
 */
export class IsoClock {
  private lastMillis = Number.NaN;
  private lastText = '';
  private dayStart = Number.NaN;
  /** `2026-11-25T` of the day starting at `dayStart`. */
  private dayPrefix = '';

  public format(millis: number): string {
    if (millis === this.lastMillis) return this.lastText;
    let text: string;
    const ofDay = millis - this.dayStart;
    if (ofDay >= 0 && ofDay < MS_PER_DAY && Number.isInteger(millis) && millis <= MAX_DATE_MILLIS) {
      const hour = Math.floor(ofDay / MS_PER_HOUR);
      const minute = Math.floor((ofDay % MS_PER_HOUR) / MS_PER_MINUTE);
      const second = Math.floor((ofDay % MS_PER_MINUTE) / 1000);
      text = `${this.dayPrefix}${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[second]}.${THREE_DIGITS[ofDay % 1000]}Z`;
    } else {
      text = new Date(millis).toISOString();
      if (Number.isInteger(millis)) {
        this.dayStart = millis - (((millis % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY);
        this.dayPrefix = text.slice(0, text.indexOf('T') + 1);
      }
    }
    this.lastMillis = millis;
    this.lastText = text;
    return text;
  }
}
