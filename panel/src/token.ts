// The API token: the companion prints a link with `#token=…` (a fragment is never sent to a server).
// It is kept in sessionStorage for reloads and removed from the address bar so it is not bookmarked
// or shown in screenshots.
const KEY = 'conform.token';

export function takeToken(loc: Location = location, store: Storage = sessionStorage): string | null {
  const m = /(?:^#|[#&])token=([^&]+)/.exec(loc.hash);
  if (m) {
    const token = decodeURIComponent(m[1]!);
    store.setItem(KEY, token);
    const rest = loc.hash.replace(/[#&]?token=[^&]+&?/, '').replace(/^#?/, '#');
    history.replaceState(null, '', loc.pathname + loc.search + (rest === '#' ? '#/' : rest));
    return token;
  }
  return store.getItem(KEY);
}
