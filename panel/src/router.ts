// Hash routes, so the panel works from file:// in CEP and from `/` on the companion alike.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { screen: 'dashboard' }
  | { screen: 'upload' }
  | { screen: 'review-matching'; id: string }
  | { screen: 'validate'; id: string }
  | { screen: 'deliver'; id: string }
  | { screen: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\?.*$/, '') || '/';
  if (path === '/' || path === '/dashboard') return { screen: 'dashboard' };
  if (path === '/upload') return { screen: 'upload' };
  const m = /^\/(review-matching|validate|deliver)\/([^/]+)$/.exec(path);
  if (m) return { screen: m[1] as 'review-matching' | 'validate' | 'deliver', id: decodeURIComponent(m[2]!) };
  return { screen: 'not-found', path };
}

export const href = {
  dashboard: () => '#/',
  upload: () => '#/upload',
  review: (id: string) => `#/review-matching/${encodeURIComponent(id)}`,
  validate: (id: string) => `#/validate/${encodeURIComponent(id)}`,
  deliver: (id: string) => `#/deliver/${encodeURIComponent(id)}`,
};

/** The server's redirect_url / validation_url ("/validate/<id>") as a panel link. */
export const fromServerUrl = (url: string) => `#${url.startsWith('/') ? url : `/${url}`}`;

export const navigate = (to: string) => {
  location.hash = to.replace(/^#/, '');
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}
