import type { Command } from '../command.js';
import { parseArgs } from '../args.js';
import { configFromEnv } from '../../config.js';
import { openDatabase } from '../../storage/db.js';
import { JobsRepo, toJobView } from '../../storage/jobs-repo.js';
import path from 'node:path';
import { STAGE_NAMES, type Stage } from '../../../../shared/stages.js';

const jobs: Command = {
  name: 'jobs',
  summary: 'List jobs in the data folder with their stage and status',
  usage: 'Usage: conform jobs [--stage N] [--status S] [--data DIR] [--json]',
  async run(args, io) {
    const { flags } = parseArgs(args, { stage: 'string', status: 'string', data: 'string', json: 'boolean' });
    const config = configFromEnv(flags.data ? { ...io.env, CONFORM_DATA_DIR: String(flags.data) } : io.env);
    const db = openDatabase(path.join(config.dataDir, 'conform.sqlite'));
    try {
      const rows = new JobsRepo(db).list({ stage: flags.stage !== undefined ? Number(flags.stage) : undefined, status: flags.status as string | undefined }).map(toJobView);
      if (flags.json) io.stdout(`${JSON.stringify({ jobs: rows }, null, 2)}\n`);
      else {
        io.stdout(`${'JOB'.padEnd(20)} ${'STAGE'.padEnd(12)} ${'STATUS'.padEnd(28)} NAME\n`);
        for (const j of rows) io.stdout(`${j.job_id.padEnd(20)} ${`${j.current_stage} ${STAGE_NAMES[j.current_stage as Stage]}`.padEnd(12)} ${j.status.padEnd(28)} ${j.name}${j.error ? `  (${j.error})` : ''}\n`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};

export default jobs;
