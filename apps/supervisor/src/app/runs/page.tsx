import { RunsPage } from '../../client/runs/runs-page';

export const metadata = { title: 'Runs · Helios' };

export default function Runs() {
  return <RunsPage />;
}
