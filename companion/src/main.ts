// `npm start`: the companion on 127.0.0.1 with the panel at `/`.
import { configFromEnv } from './config.js';
import { startCompanion } from './server.js';

async function main(): Promise<void> {
  const config = configFromEnv();
  const companion = await startCompanion(config);
  const url = `http://127.0.0.1:${companion.port}`;
  console.log(`Conform companion listening on ${url}`);
  console.log(`Data folder: ${companion.dataDir}`);
  console.log(`Open the panel: ${url}/#token=${companion.token}`);
  const stop = () => {
    void companion.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`conform: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
