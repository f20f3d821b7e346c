import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';

/** Every router answers schema failures with the API's error shape: 400 {success:false, error:"where: what"}. */
export function newRouter() {
  return new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) {
        const error = result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
        return c.json({ success: false as const, error }, 400);
      }
    },
  });
}

export const ErrorBody = z.object({ success: z.literal(false), error: z.string() });
export const errorResponses = {
  400: { description: 'Bad request', content: { 'application/json': { schema: ErrorBody } } },
  404: { description: 'Job not found', content: { 'application/json': { schema: ErrorBody } } },
  409: { description: 'Invalid transition or not ready', content: { 'application/json': { schema: ErrorBody } } },
} as const;

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

export const JobIdParam = z.object({ id: z.string().min(1).max(100) });
