import { BuilderPage } from '../../client/builder/builder-page';

export const metadata = { title: 'Builder · Helios' };

export default async function Builder({ searchParams }: { searchParams: Promise<{ template?: string }> }) {
  const { template } = await searchParams;
  return <BuilderPage template={typeof template === 'string' ? template : undefined} />;
}
