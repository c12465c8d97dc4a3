import { BoardPage } from '../client/board/board-page';

export const metadata = { title: 'Control Board · Helios' };

export default function Home() {
  return <BoardPage />;
}
