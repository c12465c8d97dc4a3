import { StrategiesPage } from '../../client/strategies/strategies-page';

export const metadata = { title: 'Strategies · Helios' };

export default function Strategies() {
  return <StrategiesPage />;
}
