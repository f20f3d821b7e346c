// Layer thumbnails need the Authorization header, so they are fetched as blobs and shown through
// object URLs, cached per job and layer for the life of the page.
import { useEffect, useState } from 'preact/hooks';
import { api, authHeader } from './api.js';

const cache = new Map<string, Promise<string | null>>();

export function thumbUrl(jobId: string, layerId: number): Promise<string | null> {
  const key = `${jobId}/${layerId}`;
  let p = cache.get(key);
  if (!p) {
    const url = api.api.job[':id'].psd.layers[':layerId{[0-9]+}']['thumb.png'].$url({ param: { id: jobId, layerId: String(layerId) } });
    p = fetch(url, { headers: authHeader() })
      .then(async (r) => (r.ok ? URL.createObjectURL(await r.blob()) : null))
      .catch(() => null);
    cache.set(key, p);
  }
  return p;
}

export function useThumb(jobId: string, layerId: number | null | undefined): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    setUrl(null);
    if (layerId == null) return;
    let live = true;
    void thumbUrl(jobId, layerId).then((u) => live && setUrl(u));
    return () => {
      live = false;
    };
  }, [jobId, layerId]);
  return url;
}
