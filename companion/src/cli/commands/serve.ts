import type { Command } from '../command.js';
import { parseArgs } from '../args.js';
import { configFromEnv } from '../../config.js';
import { startCompanion } from '../../server.js';

const serve: Command = {
  name: 'serve',
  summary: 'Run the companion (API + panel) on 127.0.0.1',
  usage: 'Usage: conform serve [--port N] [--data DIR]\n  Env: CONFORM_PORT, CONFORM_DATA_DIR, CONFORM_TOKEN, CONFORM_WORKERS, CONFORM_ALLOWED_ROOTS',
  async run(args, io) {
    const { flags } = parseArgs(args, { port: 'string', data: 'string' });
    const env = { ...io.env };
    if (flags.port) env.CONFORM_PORT = String(flags.port);
    if (flags.data) env.CONFORM_DATA_DIR = String(flags.data);
    const c = await startCompanion(configFromEnv(env));
    io.stdout(`Conform companion listening on http://127.0.0.1:${c.port}\nData folder: ${c.dataDir}\nOpen the panel: http://127.0.0.1:${c.port}/#token=${c.token}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await c.close();
    return 0;
  },
};

export default serve;
