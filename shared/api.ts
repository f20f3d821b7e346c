// Request schemas of the HTTP API. The companion validates requests with them and generates the
// OpenAPI document from them, so the two cannot drift apart.
import { z } from 'zod';

const userId = z.string().trim().min(1).max(200).default('anonymous');

export const SlotRefSchema = z.object({
  id: z.string().min(1).max(1000),
  comp: z.string().max(1000),
  layerIndex: z.number().int().min(1),
  layerName: z.string().max(10000),
  kind: z.enum(['text', 'image', 'video', 'placeholder', 'solid']),
});

export const PsdLayerRefSchema = z.object({
  id: z.number().int(),
  name: z.string().max(10000),
  path: z.array(z.string().max(10000)).max(100),
  order: z.number().int().min(0),
});

export const MatchSchema = z.object({
  slot: SlotRefSchema,
  psdLayer: PsdLayerRefSchema.nullable(),
  confidence: z.number().min(0).max(1).default(1),
  reasons: z.array(z.string().max(2000)).max(50).default([]),
  fit: z.enum(['contain', 'cover', 'stretch']).optional(),
  textStyle: z.enum(['template', 'psd']).optional(),
});

export const ApproveStage2Body = z.object({
  approved_matches: z.array(MatchSchema).max(5000),
  user_id: userId,
  next_action: z.enum(['next_job', 'dashboard', 'continue']).default('continue'),
});

export const ReturnToMatchingBody = z.object({ user_id: userId });

export const OverrideValidationBody = z.object({
  user_id: userId,
  override_reason: z.string().max(5000).optional(),
});

export const RetryBody = z.object({ user_id: userId });

export const AppliedBody = z.object({
  user_id: userId,
  report: z.unknown().optional(),
});

export const BatchJsonBody = z.object({
  template_path: z.string().min(1).max(4096),
  psd_paths: z.array(z.string().min(1).max(4096)).min(1).max(10000),
  comp: z.string().max(1000).optional(),
});

export const JobsQuery = z.object({
  stage: z.coerce.number().int().min(0).max(6).optional(),
  status: z.string().max(100).optional(),
  batch: z.string().max(100).optional(),
});

export const ValidationSettingsSchema = z.object({
  aspectTolerance: z.number().min(0).max(10),
  upscaleWarn: z.number().min(1).max(100),
  upscaleCritical: z.number().min(1).max(100),
  overflowWarnRatio: z.number().min(0.1).max(100),
  overflowCriticalRatio: z.number().min(0.1).max(100),
  criticalCodes: z.array(z.string().max(100)).max(100),
  warningCodes: z.array(z.string().max(100)).max(100),
});

export const SettingsSchema = z.object({
  validation: ValidationSettingsSchema,
  defaultFit: z.enum(['contain', 'cover', 'stretch']),
  defaultTextStyle: z.enum(['template', 'psd']),
  autofitText: z.boolean(),
  addToRenderQueue: z.boolean(),
  autoApproveConfidence: z.number().min(0).max(1),
});

/** PUT /api/settings takes any subset; missing fields keep their current value. */
export const SettingsPatch = SettingsSchema.partial().extend({ validation: ValidationSettingsSchema.partial().optional() });

export const NexrenderBody = z.object({
  /** A nexrender server (`http://host:3050`); without it the job is only written into the bundle. */
  server: z
    .string()
    .url()
    .max(2048)
    .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL')
    .optional(),
  /** The server's `--secret`, sent as the nexrender-secret header. */
  secret: z.string().max(1000).optional(),
  output_ext: z.string().regex(/^[A-Za-z0-9]{1,10}$/).optional(),
  user_id: userId,
});
