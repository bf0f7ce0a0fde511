/** A clock that moves only when the command under test sleeps; the sleeps are recorded, never waited. */
export function fakeClock(start: number) {
  let time = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => time,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      time += ms;
    },
  };
}
