import { z } from 'zod';
import { flowSchema, syncSchema } from './flow-schema.ts';
import { formSchema } from './form-schema.ts';
import { connectionSchema, connectorSchema } from './schema.ts';

/** Any Qiao document, told apart by `kind`. */
export const documentSchema = z.discriminatedUnion('kind', [
  connectionSchema,
  connectorSchema,
  flowSchema,
  syncSchema,
  formSchema,
]);
export type QiaoDocument = z.infer<typeof documentSchema>;
export type DocumentKind = QiaoDocument['kind'];
