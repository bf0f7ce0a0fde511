/** An entry of the queue: due at `at` (epoch ms); `seq` breaks ties so that the order is deterministic. */
export interface QueuedEvent {
  readonly at: number;
  readonly seq: number;
}

/**
 * A binary min-heap of future lifecycle events, earliest first. It holds only the orders still in
 * flight, so the generator streams however many orders are asked for.
 */
export class EventQueue<E extends QueuedEvent> {
  private readonly heap: E[] = [];

  public get size(): number {
    return this.heap.length;
  }

  public peek(): E | undefined {
    return this.heap[0];
  }

  public push(event: E): void {
    const heap = this.heap;
    heap.push(event);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(event, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = event;
  }

  public pop(): E | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

function before(a: QueuedEvent, b: QueuedEvent): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
