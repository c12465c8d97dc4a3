import { RunDetailPage } from '../../../client/runs/run-detail-page';

export const metadata = { title: 'Run · Helios' };

export default async function Run({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  return <RunDetailPage runId={decodeURIComponent(runId)} />;
}
