// Downloads need the Authorization header, so a plain link cannot fetch them: the file is fetched,
// then saved through a temporary object URL.
import { answer, authHeader } from './api.js';

export async function download(url: string): Promise<string> {
  const res = await answer(fetch(url, { headers: authHeader() }));
  const r = res as unknown as Response;
  const name = /filename="([^"]+)"/.exec(r.headers.get('content-disposition') ?? '')?.[1] ?? 'conform-download';
  const href = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return name;
}
