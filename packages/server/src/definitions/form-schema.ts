import { z } from 'zod';
import { SCHEMA_VERSION } from './schema.ts';

const id = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]{0,63}$/,
    'must start with a letter and use letters, digits, "_" or "-" (≤ 64)',
  );

const fieldSchema = z
  .object({
    id,
    label: z.string(),
    type: z.enum(['text', 'textarea', 'number', 'decimal', 'date', 'datetime', 'select', 'boolean']),
    required: z.boolean().default(false),
    options: z.array(z.object({ value: z.string(), label: z.string() }).strict()).optional(),
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  })
  .strict();
export type FormFieldDefinition = z.infer<typeof fieldSchema>;

/** A low-code form with typed fields and detail tables (明细表); saving a record can trigger flows. */
export const formSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    kind: z.literal('form'),
    id,
    name: z.string(),
    fields: z.array(fieldSchema).min(1),
    details: z
      .array(
        z
          .object({
            id,
            label: z.string(),
            fields: z.array(fieldSchema).min(1),
            minRows: z.number().int().nonnegative().default(0),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();
export type FormDefinition = z.infer<typeof formSchema>;
