import type { ConnectorDeclaration } from '../connectors/kit/connector-declaration.ts';
import {
  type FormDefinition,
  projectCatalogue,
  type QiaoDocument,
  type ReferenceCatalogue,
} from '../definitions/index.ts';
import type { Store } from '../store/port.ts';
import { builtinConnectorModes } from './builtin-connectors.ts';

/**
 * A reference catalogue of what the store holds (current versions of connections, connectors and
 * forms) plus the built-in connectors, with `extra` documents (being applied together) taking precedence.
 */
export async function storeCatalogue(
  store: Store,
  builtins: readonly ConnectorDeclaration[],
  extra: readonly QiaoDocument[] = [],
): Promise<ReferenceCatalogue> {
  const stored: QiaoDocument[] = [];
  for (const kind of ['connection', 'connector', 'form'] as const) {
    for (const head of await store.documents.list(kind)) {
      if (extra.some((d) => d.kind === kind && d.id === head.id)) continue;
      const version = await store.documents.get(kind, head.id);
      if (version) stored.push(version.definition as unknown as QiaoDocument);
    }
  }
  return projectCatalogue([...stored, ...extra], builtinConnectorModes(builtins));
}

/** The current definition of a form, when the store has it. */
export async function loadForm(store: Store, formId: string): Promise<FormDefinition | undefined> {
  const version = await store.documents.get('form', formId);
  return version?.definition as unknown as FormDefinition | undefined;
}
