import { AckBatcher } from './ack-batcher';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('AckBatcher', () => {
  it('sends nothing within the turn, then every ack in the order given', async () => {
    const sent: number[] = [];
    const acks = new AckBatcher();
    for (let i = 0; i < 5; i++) acks.add(() => sent.push(i));
    await Promise.resolve();
    expect({ sent, size: acks.size }).toEqual({ sent: [], size: 5 });
    await turn();
    expect({ sent, size: acks.size }).toEqual({ sent: [0, 1, 2, 3, 4], size: 0 });
  });

  it('flush sends at once and does not send twice', async () => {
    const sent: string[] = [];
    const acks = new AckBatcher();
    acks.add(() => sent.push('a'));
    acks.add(() => sent.push('b'));
    acks.flush();
    expect(sent).toEqual(['a', 'b']);
    await turn();
    expect(sent).toEqual(['a', 'b']);
    acks.add(() => sent.push('c'));
    await turn();
    expect(sent).toEqual(['a', 'b', 'c']);
  });
});
