// Numbered schema migrations, applied in order at start-up inside one transaction each.
// Never edit a shipped migration: add the next number.
export const MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
CREATE TABLE files (
  sha256 TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('psd', 'template')),
  size INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE batches (
  batch_id TEXT PRIMARY KEY,
  template_sha256 TEXT NOT NULL REFERENCES files(sha256),
  template_name TEXT NOT NULL,
  comp_name TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE jobs (
  job_id TEXT PRIMARY KEY,
  batch_id TEXT NOT NULL REFERENCES batches(batch_id),
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  psd_sha256 TEXT NOT NULL REFERENCES files(sha256),
  template_sha256 TEXT NOT NULL REFERENCES files(sha256),
  comp_name TEXT,
  options TEXT,
  current_stage INTEGER NOT NULL DEFAULT 0 CHECK (current_stage BETWEEN 0 AND 6),
  status TEXT NOT NULL,
  error TEXT,
  progress REAL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  stage1_completed_at TEXT,
  stage2_completed_at TEXT,
  stage3_completed_at TEXT,
  stage4_completed_at TEXT,
  stage5_completed_at TEXT,
  stage6_completed_at TEXT,
  stage1_results TEXT,
  stage2_approved_matches TEXT,
  stage3_validation_results TEXT,
  stage4_override_reason TEXT,
  stage4_skipped INTEGER NOT NULL DEFAULT 0,
  stage5_extendscript TEXT,
  stage6_downloaded_at TEXT
);
CREATE INDEX jobs_by_stage ON jobs(current_stage, status, seq);
CREATE INDEX jobs_by_batch ON jobs(batch_id, seq);
CREATE TABLE job_logs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id TEXT NOT NULL REFERENCES jobs(job_id),
  stage INTEGER,
  action TEXT NOT NULL,
  from_stage TEXT,
  to_stage TEXT,
  message TEXT NOT NULL,
  user_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX job_logs_by_job ON job_logs(job_id, id);
CREATE TABLE template_docs (
  sha256 TEXT PRIMARY KEY REFERENCES files(sha256),
  doc TEXT NOT NULL
);
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`,
  },
];
