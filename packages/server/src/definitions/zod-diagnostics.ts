import type { core } from 'zod';
import { bilingual, quoted } from '../errors/bilingual.ts';
import {
  type Diagnostic,
  type DiagnosticContext,
  type DocumentPath,
  diagnosticAt,
  quoteValue,
  sortBySource,
} from './diagnostic.ts';
import { documentSchema } from './document.ts';
import { closestKey, knownKeysAt } from './key-suggestions.ts';

type Issue = core.$ZodIssue;

/** Maps every zod issue of a failed parse to located diagnostics (one per unknown key), in source order. */
export function issuesToDiagnostics(
  issues: readonly Issue[],
  value: unknown,
  context: DiagnosticContext,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) out.push(...issueToDiagnostics(issue, value, context));
  return sortBySource(out);
}

/** Maps one zod issue; unions are resolved to the branch that explains the value best. */
function issueToDiagnostics(issue: Issue, value: unknown, context: DiagnosticContext): Diagnostic[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  switch (issue.code) {
    case 'invalid_type': {
      if (valueAt(value, path) === undefined) {
        return [
          diagnosticAt(
            context,
            'schema.required',
            path,
            `缺少必填项 "${lastName(path)}"（${typeName(issue.expected)}） / "${lastName(path)}" is required (${typeName(issue.expected)}).`,
          ),
        ];
      }
      const got = describeType(valueAt(value, path));
      return [
        diagnosticAt(
          context,
          'schema.type',
          path,
          `类型不对：应为 ${typeName(issue.expected)}，实际是 ${got} / Expected ${typeName(issue.expected)}, got ${got}.`,
        ),
      ];
    }
    case 'unrecognized_keys':
      return unknownKeys(issue.keys, path, value, context);
    case 'invalid_value':
      return [
        diagnosticAt(
          context,
          'schema.enum',
          path,
          `只能是 ${listValues(issue.values)} 之一 / Must be one of ${listValues(issue.values)}.`,
        ),
      ];
    case 'invalid_union':
      return unionToDiagnostics(issue, path, value, context);
    case 'invalid_format': {
      const shown = quoteValue(valueAt(value, path));
      const said = schemaMessage(issue.message, '格式不对');
      return [
        diagnosticAt(
          context,
          'schema.format',
          path,
          bilingual(`${shown} ${said.zh}`, `${shown} ${said.en}.`),
        ),
      ];
    }
    case 'too_small':
    case 'too_big':
      return [diagnosticAt(context, 'schema.range', path, rangeMessage(issue))];
    case 'invalid_key':
      return [
        diagnosticAt(context, 'schema.format', path, keyMessage(issue.issues[0]?.message ?? issue.message), {
          key: true,
        }),
      ];
    default: {
      const said = schemaMessage(issue.message, '值无效');
      return [diagnosticAt(context, 'schema.invalid', path, bilingual(said.zh, said.en))];
    }
  }
}

/**
 * A schema's own message by half: a `中文 / English` one (`idSchema`'s, a refinement's) cut in two; one in
 * English only (zod's, a schema that gives none in Chinese) under `zhLead` in the Chinese half, so the
 * diagnostic still reads in both languages and cuts in two.
 */
function schemaMessage(message: string, zhLead: string): { zh: string; en: string } {
  const said = quoted(message);
  return said.zh === said.en ? { zh: `${zhLead}（${said.en}）`, en: said.en } : said;
}

/** A record key's problem: `键：… / Key: …`. */
function keyMessage(message: string): string {
  const said = schemaMessage(message, '格式不对');
  return bilingual(`键：${said.zh}`, `Key: ${said.en}.`);
}

/** One diagnostic per unknown key, suggesting the allowed key it most likely misspells. */
function unknownKeys(
  keys: readonly string[],
  path: DocumentPath,
  value: unknown,
  context: DiagnosticContext,
) {
  const known = knownKeysAt(documentSchema, value, path) ?? [];
  return keys.map((key) => {
    const near = closestKey(key, known);
    const hint =
      near === undefined
        ? ['请删除或检查拼写', 'remove it or check the spelling']
        : [`是不是 "${near}"？`, `did you mean "${near}"?`];
    const message = `未知的键 "${key}"，${hint[0]} / Unknown key "${key}"; ${hint[1]}`;
    return diagnosticAt(context, 'schema.unknown_key', [...path, key], message, {
      key: true,
    });
  });
}

/** A discriminated union with a bad tag → `schema.enum`/`schema.required`; a plain union → its closest branch. */
function unionToDiagnostics(
  issue: Extract<Issue, { code: 'invalid_union' }>,
  path: DocumentPath,
  value: unknown,
  context: DiagnosticContext,
): Diagnostic[] {
  const tagged = issue as { discriminator?: string; options?: unknown[] };
  if (tagged.discriminator !== undefined) {
    const options = listValues(tagged.options ?? []);
    if (valueAt(value, path) === undefined) {
      return [
        diagnosticAt(
          context,
          'schema.required',
          path,
          `缺少必填项 "${lastName(path)}"（可选 ${options}） / "${lastName(path)}" is required (one of ${options}).`,
        ),
      ];
    }
    return [
      diagnosticAt(context, 'schema.enum', path, `只能是 ${options} 之一 / Must be one of ${options}.`),
    ];
  }
  // The branch whose issues are not a plain type mismatch at this very path is the one the author meant.
  const meant = issue.errors.find(
    (branch) =>
      branch.length > 0 && branch.every((inner) => inner.code !== 'invalid_type' || inner.path.length > 0),
  );
  if (meant !== undefined) {
    return meant.flatMap((inner) =>
      issueToDiagnostics({ ...inner, path: [...path, ...inner.path] } as Issue, value, context),
    );
  }
  const expected = issue.errors.flatMap((branch) =>
    branch.flatMap((inner) => (inner.code === 'invalid_type' ? [inner.expected] : [])),
  );
  if (valueAt(value, path) === undefined) {
    const name = lastName(path);
    return [diagnosticAt(context, 'schema.required', path, `缺少必填项 "${name}" / "${name}" is required.`)];
  }
  const got = describeType(valueAt(value, path));
  return [
    diagnosticAt(
      context,
      'schema.type',
      path,
      `类型不对：应为 ${[...new Set(expected)].join(' 或 ')}，实际是 ${got} / Expected ${[...new Set(expected)].join(' or ')}, got ${got}.`,
    ),
  ];
}

/** The value at a path of a plain JS value (undefined when any step is missing). */
export function valueAt(root: unknown, path: DocumentPath): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/** Zod's type names in the words of the format (a record is an object, an array a list). */
function typeName(expected: string): string {
  if (expected === 'record') return 'object';
  if (expected === 'array') return 'list';
  return expected;
}

function lastName(path: DocumentPath): string {
  const last = path[path.length - 1];
  return last === undefined ? 'document' : String(last);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${quoteValue(value)}`;
}

function listValues(values: readonly unknown[]): string {
  return values.map((v) => quoteValue(v)).join(', ');
}

function rangeMessage(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  const most = issue.code === 'too_small' ? 'at least' : 'at most';
  const zhMost = issue.code === 'too_small' ? '至少' : '至多';
  switch (issue.origin) {
    case 'array':
    case 'set':
      return `${zhMost} ${bound} 项 / Must have ${most} ${bound} item${bound === 1 ? '' : 's'}.`;
    case 'string':
      return `长度${zhMost} ${bound} 个字符 / Must be ${most} ${bound} character${bound === 1 ? '' : 's'} long.`;
    default: {
      const op = issue.code === 'too_small' ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
      return `须 ${op} ${bound} / Must be ${op} ${bound}.`;
    }
  }
}
