import { RunComparePage } from '../../../client/runs/run-detail-page';

export const metadata = { title: 'Compare runs · Helios' };

export default async function Compare({ searchParams }: { searchParams: Promise<{ a?: string; b?: string }> }) {
  const { a, b } = await searchParams;
  if (typeof a !== 'string' || typeof b !== 'string') {
    return <main className="p-4 text-sm text-neon-red">Compare needs two runs: /runs/compare?a=RUN&amp;b=RUN (pick two in the runs list).</main>;
  }
  return <RunComparePage a={a} b={b} />;
}
