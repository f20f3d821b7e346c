// The frame around every screen: navigation, the After Effects connection state, the flash line.
import { useEffect, useState } from 'preact/hooks';
import { hasHostBridge } from './host-bridge.js';
import { takeFlash } from './flash.js';
import { href, useRoute } from './router.js';
import { Notice } from './components/Notice.js';
import { Dashboard } from './screens/Dashboard.js';
import { Deliver } from './screens/Deliver.js';
import { ReviewMatching } from './screens/ReviewMatching.js';
import { Upload } from './screens/Upload.js';
import { Validate } from './screens/Validate.js';

function UserName() {
  const [name, setName] = useState(() => localStorage.getItem('conform.user') ?? '');
  return (
    <label class="user">
      <span class="sr-only">Your name, for the job log</span>
      <input
        type="text"
        placeholder="Your name"
        value={name}
        maxLength={100}
        onInput={(e) => {
          const v = (e.target as HTMLInputElement).value;
          setName(v);
          localStorage.setItem('conform.user', v.trim());
        }}
      />
    </label>
  );
}

export function App() {
  const route = useRoute();
  const [flash, setFlash] = useState<ReturnType<typeof takeFlash>>(null);
  const key = route.screen + ('id' in route ? `/${route.id}` : '');
  useEffect(() => {
    setFlash(takeFlash());
    document.querySelector<HTMLElement>('main')?.focus();
  }, [key]);
  const bridge = hasHostBridge();
  return (
    <div class="app">
      <header class="top">
        <a class="brand" href={href.dashboard()}>
          Conform
        </a>
        <nav aria-label="Main">
          <a href={href.dashboard()} aria-current={route.screen === 'dashboard' ? 'page' : undefined}>
            Jobs
          </a>
          <a href={href.upload()} aria-current={route.screen === 'upload' ? 'page' : undefined}>
            Upload
          </a>
        </nav>
        <span class={`host ${bridge ? 'host-on' : 'host-off'}`} title={bridge ? 'Scripts can be applied in After Effects' : 'Open in a browser: scripts are downloaded, not applied'}>
          {bridge ? 'After Effects connected' : 'Browser (no After Effects)'}
        </span>
        <UserName />
      </header>
      <main tabIndex={-1}>
        {flash && <Notice tone={flash.tone}>{flash.text}</Notice>}
        {route.screen === 'dashboard' && <Dashboard />}
        {route.screen === 'upload' && <Upload />}
        {route.screen === 'review-matching' && <ReviewMatching key={route.id} id={route.id} />}
        {route.screen === 'validate' && <Validate key={route.id} id={route.id} />}
        {route.screen === 'deliver' && <Deliver key={route.id} id={route.id} />}
        {route.screen === 'not-found' && (
          <Notice tone="warn">
            There is no page “{route.path}”. <a href={href.dashboard()}>Go to the jobs</a>
          </Notice>
        )}
      </main>
    </div>
  );
}
