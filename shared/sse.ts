// A text/event-stream reader for the clients of GET /api/events (the panel, `conform run --server`).
// EventSource cannot send the Authorization header the API requires, so both read the stream with
// fetch and parse it here.

/** Parses an SSE byte stream into events (id, event, data), calling `on` per dispatched event. */
export async function readSse(body: ReadableStream<Uint8Array>, on: (e: { id?: string; event?: string; data: string }) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let cur: { id?: string; event?: string; data: string[] } = { data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buffer.search(/\r\n|\r|\n/)) !== -1) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + (buffer.startsWith('\r\n', nl) ? 2 : 1));
      if (line === '') {
        if (cur.data.length) on({ id: cur.id, event: cur.event, data: cur.data.join('\n') });
        cur = { data: [] };
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') cur.data.push(value);
      else if (field === 'id') cur.id = value;
      else if (field === 'event') cur.event = value;
    }
  }
}
