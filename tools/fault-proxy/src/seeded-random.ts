/**
 * A small seeded source of numbers in [0, 1): an FNV-1a hash of the seed text feeding mulberry32.
 * Its own rather than the order generator's, whose tests depend on this tool.
 */
export class SeededRandom {
  private state: number;

  public constructor(seed: string) {
    let hash = 0x811c9dc5;
    for (const char of seed) {
      hash ^= char.codePointAt(0)!;
      hash = Math.imul(hash, 0x01000193);
    }
    this.state = hash >>> 0;
  }

  public next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
}
