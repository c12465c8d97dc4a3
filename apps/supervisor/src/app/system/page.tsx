import { SystemPage } from '../../client/system/system-page';

export const metadata = { title: 'System · Helios' };

export default function System() {
  return <SystemPage />;
}
