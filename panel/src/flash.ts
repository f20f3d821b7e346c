// A one-line message carried across a navigation ("No more jobs to review"), shown once.
let pending: { text: string; tone: 'ok' | 'warn' } | null = null;

export const setFlash = (text: string, tone: 'ok' | 'warn' = 'ok') => (pending = { text, tone });

export function takeFlash() {
  const f = pending;
  pending = null;
  return f;
}
