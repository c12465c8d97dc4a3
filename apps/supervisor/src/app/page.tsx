import { HEARTBEAT_STATUSES } from '@helios/contracts';

export default function Home() {
  return <main className="p-8 text-neon-cyan">Helios supervisor: {HEARTBEAT_STATUSES.join(' · ')}</main>;
}
