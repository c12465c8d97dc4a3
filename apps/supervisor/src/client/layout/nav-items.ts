/** The app's pages, in the order of the navigation bar. */
export const NAV_ITEMS = [
  { href: '/', label: 'Board' },
  { href: '/builder', label: 'Builder' },
  { href: '/strategies', label: 'Strategies' },
  { href: '/runs', label: 'Runs' },
  { href: '/orders', label: 'Orders & risk' },
  { href: '/system', label: 'System' },
] as const;

/** Whether a nav item is the current page (a section stays lit on its sub-pages: /runs/abc). */
export function isCurrent(href: string, pathname: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}
