/** Client-side navigation: the History API, the current location as a hook, and links that don't reload. */
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { buildQuery, type QueryValue } from './lib/query';

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', notify);

export function navigate(to: string, options: { replace?: boolean; keepScroll?: boolean } = {}): void {
  if (to === `${location.pathname}${location.search}`) return;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  if (!options.keepScroll) window.scrollTo(0, 0);
  notify();
}

/** Replaces the query string of the current page (filters): a new history entry, the scroll position kept. */
export function setQuery(values: Record<string, QueryValue>, options: { replace?: boolean } = {}): void {
  navigate(`${location.pathname}${buildQuery(values)}`, { ...options, keepScroll: true });
}

export interface Location {
  pathname: string;
  search: string;
  params: URLSearchParams;
}

export function useLocation(): Location {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = (): void => setTick((t) => t + 1);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return {
    pathname: location.pathname,
    search: location.search,
    params: new URLSearchParams(location.search),
  };
}

interface LinkProps {
  href: string;
  class?: string;
  title?: string;
  'aria-label'?: string;
  'aria-current'?: 'page';
  children?: ComponentChildren;
}

/** An in-app link: a real <a href> (open in new tab works), navigated without a reload on a plain click. */
export function Link({ href, children, ...props }: LinkProps): JSX.Element {
  const onClick = (event: MouseEvent): void => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a {...props} href={href} onClick={onClick}>
      {children}
    </a>
  );
}
