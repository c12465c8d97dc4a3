import { OrdersPage } from '../../client/orders/orders-page';

export const metadata = { title: 'Orders & risk · Helios' };

export default function Orders() {
  return <OrdersPage />;
}
