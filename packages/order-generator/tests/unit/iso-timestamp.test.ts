import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTimestamp } from '../../src/iso-timestamp';

describe('isoTimestamp', () => {
  it('equals Date#toISOString for any time of years 1970–9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), (ms) => {
        expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 5_000 },
    );
  });

  it('stays right across a day boundary in both directions', () => {
    const midnight = Date.parse('2026-11-26T00:00:00.000Z');
    for (const ms of [midnight - 1, midnight, midnight + 1, midnight - 1, midnight + 86_399_999]) {
      expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
