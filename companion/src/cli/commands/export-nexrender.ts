import path from 'node:path';
import type { Command } from '../command.js';
import { EXIT } from '../command.js';
import { parseArgs } from '../args.js';
import { configFromEnv } from '../../config.js';
import { BadInputError } from '../../errors.js';
import { exportNexrender } from '../../pipeline/nexrender/export-nexrender.js';
import { openDatabase } from '../../storage/db.js';
import { JobsRepo } from '../../storage/jobs-repo.js';
import { NexrenderBody } from '../../../../shared/api.js';

const exportNexrenderCommand: Command = {
  name: 'export-nexrender',
  summary: 'Write a finished job as a nexrender job, or send it to a nexrender server',
  usage: [
    'Usage: conform export-nexrender <jobId> [--server URL] [--secret S] [--output-ext EXT] [--data DIR] [--json]',
    '',
    'Writes <bundle>/nexrender.json: the template copy, the layer PNGs and the farm script (which fills',
    'the project nexrender opened). With --server (or CONFORM_NEXRENDER_URL) it also posts the job to',
    'that nexrender server, with --secret (or CONFORM_NEXRENDER_SECRET) as its nexrender-secret.',
    'Exit codes: 0 written (and queued), 2 bad input or job not ready, 1 the server refused or was unreachable.',
  ].join('\n'),
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { server: 'string', secret: 'string', 'output-ext': 'string', data: 'string', json: 'boolean' });
    if (positionals.length !== 1) throw new BadInputError('give exactly one job id (see `conform jobs`)');
    const config = configFromEnv(flags.data ? { ...io.env, CONFORM_DATA_DIR: String(flags.data) } : io.env);
    const checked = NexrenderBody.safeParse({
      server: (flags.server as string | undefined) ?? config.nexrender.server ?? undefined,
      secret: (flags.secret as string | undefined) ?? config.nexrender.secret ?? undefined,
      output_ext: flags['output-ext'],
      user_id: io.env.USER || 'cli',
    });
    if (!checked.success) throw new BadInputError(checked.error.issues.map((i) => `--${String(i.path[0]).replace('_', '-')}: ${i.message}`).join('; '));
    const db = openDatabase(path.join(config.dataDir, 'conform.sqlite'));
    try {
      const jobs = new JobsRepo(db);
      const out = await exportNexrender({ jobs, bundleDir: (id) => path.join(config.dataDir, 'jobs', id) }, positionals[0]!, {
        server: checked.data.server,
        secret: checked.data.secret,
        outputExt: checked.data.output_ext,
        userId: checked.data.user_id,
      });
      if (flags.json) io.stdout(`${JSON.stringify(out, null, 2)}\n`);
      else {
        io.stdout(`nexrender job written to ${out.file}\n`);
        if (out.queued) io.stdout(`queued on ${checked.data.server} as ${out.queued.uid} (${out.queued.state})\n`);
      }
      return EXIT.ok;
    } finally {
      db.close();
    }
  },
};

export default exportNexrenderCommand;
