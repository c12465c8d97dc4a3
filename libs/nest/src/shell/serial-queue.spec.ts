import { SerialQueue } from './serial-queue';

describe('SerialQueue', () => {
  it('runs jobs one at a time in submission order, even when later ones are quicker', async () => {
    const q = new SerialQueue();
    const events: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const job = (name: string, ms: number) => async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      events.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      events.push(`end ${name}`);
      running--;
      return name;
    };
    const results = await Promise.all([q.run(job('a', 30)), q.run(job('b', 1)), q.run(job('c', 10))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(maxRunning).toBe(1);
    expect(q.size).toBe(0);
  });

  it('passes a failure to its caller and goes on with the next job', async () => {
    const q = new SerialQueue();
    const failing = q.run(async () => {
      throw new Error('boom');
    });
    const next = q.run(() => 42);
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe(42);
    await q.idle();
    expect(q.size).toBe(0);
  });
});
