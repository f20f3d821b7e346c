import type { Db } from './db.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/settings.js';
import { SettingsSchema } from '../../../shared/api.js';

/** Settings live in one JSON row; reads merge over the defaults so new fields get sane values. */
export class SettingsRepo {
  constructor(private readonly db: Db) {}

  get(): Settings {
    const raw = this.db.prepare("SELECT value FROM settings WHERE key = 'settings'").pluck().get() as string | undefined;
    if (!raw) return structuredClone(DEFAULT_SETTINGS);
    const stored = JSON.parse(raw) as Partial<Settings>;
    return { ...DEFAULT_SETTINGS, ...stored, validation: { ...DEFAULT_SETTINGS.validation, ...stored.validation } };
  }

  update(patch: Partial<Omit<Settings, 'validation'>> & { validation?: Partial<Settings['validation']> }): Settings {
    const current = this.get();
    const next = SettingsSchema.parse({ ...current, ...patch, validation: { ...current.validation, ...patch.validation } });
    this.db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('settings', ?)").run(JSON.stringify(next));
    return next;
  }
}
