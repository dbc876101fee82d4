import { checkReferences } from './check-references.ts';
import type { DiagnosticCode } from './diagnostic.ts';
import type { DocumentKind, QiaoDocument } from './document.ts';
import { type BuiltinConnectors, projectCatalogue } from './project-catalogue.ts';

/** A document that would be left with a dangling reference, and the reference problems it would get. */
export interface Dependent {
  kind: DocumentKind;
  id: string;
  codes: DiagnosticCode[];
}

/**
 * The documents that use `target` — those whose reference checks would find an error without it that
 * they do not find with it (a flow using a connection, a connection using a connector, a flow using a
 * connection of that connector, an alert naming a flow, a `$from` table naming a sync …). It asks the
 * very checks that refuse a document naming something unknown (`checkReferences` over a
 * `projectCatalogue`), so every reference they know is covered and none is listed twice.
 */
export async function findDependents(
  target: { kind: DocumentKind; id: string },
  documents: readonly QiaoDocument[],
  builtin: BuiltinConnectors = {},
): Promise<Dependent[]> {
  const isTarget = (d: QiaoDocument) => d.kind === target.kind && d.id === target.id;
  const withTarget = projectCatalogue(documents, builtin);
  const withoutTarget = projectCatalogue(
    documents.filter((d) => !isTarget(d)),
    builtin,
  );
  // References are whole text values: a document that names neither the target nor (for a connector)
  // a connection of it cannot depend on it, and is not checked.
  const names = new Set([target.id]);
  if (target.kind === 'connector')
    for (const d of documents) if (d.kind === 'connection' && d.connector === target.id) names.add(d.id);
  const quoted = [...names].map((name) => JSON.stringify(name));
  const out: Dependent[] = [];
  for (const document of documents) {
    if (isTarget(document)) continue;
    const text = JSON.stringify(document);
    if (!quoted.some((name) => text.includes(name))) continue;
    const options = { env: {} };
    const before = new Set(
      (await checkReferences(document, withTarget, options)).map((d) => `${d.code}\u0000${d.path}`),
    );
    const codes = new Set<DiagnosticCode>();
    for (const d of await checkReferences(document, withoutTarget, options)) {
      if (d.severity === 'error' && d.code.startsWith('ref.') && !before.has(`${d.code}\u0000${d.path}`))
        codes.add(d.code);
    }
    if (codes.size > 0) out.push({ kind: document.kind, id: document.id, codes: [...codes] });
  }
  return out;
}
