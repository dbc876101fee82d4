import type { DocumentPath } from './diagnostic.ts';
import { type LooseObject, looseList, looseObject, looseText } from './loose-value.ts';
import { scanTemplates } from './templates.ts';

/** One JSONata expression of a document: a bare expression field or one `{{ }}` template inside a string. */
export interface ExpressionSite {
  path: DocumentPath;
  expr: string;
  /** Whether it came from a `{{ }}` template (vs a bare expression field). */
  template: boolean;
  /** The flow step it belongs to (its path), for `steps.X` order checks. */
  step?: DocumentPath;
}

/** A `{{` without its `}}`, found while collecting sites. */
export interface UnclosedTemplate {
  path: DocumentPath;
  text: string;
}

/** The templated texts of each static auth kind of a user-defined connector. */
const AUTH_TEMPLATES: Readonly<Record<string, readonly string[]>> = {
  apiKey: ['value'],
  basic: ['username', 'password'],
  bearer: ['token'],
  oauth2ClientCredentials: ['tokenUrl', 'clientId', 'clientSecret', 'scope'],
};

/** Mapping directive keys whose string value is a bare expression (see src/mapping/README.md). */
const EXPRESSION_DIRECTIVES = new Set(['$each', '$filter', '$expr']);

/**
 * Collects every expression and template of a document, and every unclosed template. The document is
 * read loosely (see loose-value.ts): a part of the wrong type is skipped, so this also serves a document
 * that failed the schema.
 */
export function collectSites(document: unknown): { sites: ExpressionSite[]; unclosed: UnclosedTemplate[] } {
  const out = new SiteCollector();
  const doc = looseObject(document);
  switch (doc?.kind) {
    case 'flow':
      out.steps(doc.steps, ['steps']);
      break;
    case 'sync': {
      const source = looseObject(doc.source);
      const target = looseObject(doc.target);
      const reconcile = looseObject(doc.reconcile);
      out.expr(['source', 'key'], source?.key);
      out.expr(['source', 'filter'], source?.filter);
      out.expr(['source', 'watermark', 'field'], looseObject(source?.watermark)?.field);
      out.value(['source', 'input'], source?.input);
      out.value(['source', 'detail', 'input'], looseObject(source?.detail)?.input);
      out.value(['mapping'], doc.mapping);
      out.value(['target', 'input'], target?.input);
      out.expr(['target', 'number'], target?.number);
      out.value(['writeBack', 'input'], looseObject(doc.writeBack)?.input);
      out.expr(['reconcile', 'sourceAmount'], reconcile?.sourceAmount);
      out.expr(['reconcile', 'targetAmount'], reconcile?.targetAmount);
      break;
    }
    case 'connector':
      out.connector(doc);
      break;
    default:
      break;
  }
  return { sites: out.sites, unclosed: out.unclosed };
}

class SiteCollector {
  readonly sites: ExpressionSite[] = [];
  readonly unclosed: UnclosedTemplate[] = [];
  private owner: DocumentPath | undefined;

  expr(path: DocumentPath, value: unknown): void {
    const text = looseText(value);
    if (text === undefined) return;
    const site: ExpressionSite = { path, expr: text, template: false };
    if (this.owner !== undefined) site.step = this.owner;
    this.sites.push(site);
  }

  value(path: DocumentPath, value: unknown): void {
    if (value === undefined || value === null) return;
    if (typeof value === 'string') {
      this.templates(path, value);
      return;
    }
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) this.value([...path, i], item);
      return;
    }
    if (typeof value !== 'object') return;
    for (const [key, item] of Object.entries(value)) {
      if (EXPRESSION_DIRECTIVES.has(key) && typeof item === 'string') this.expr([...path, key], item);
      else this.value([...path, key], item);
    }
  }

  private templates(path: DocumentPath, text: string): void {
    const scan = scanTemplates(text);
    for (const part of scan.templates) {
      const site: ExpressionSite = { path, expr: part.expr, template: true };
      if (this.owner !== undefined) site.step = this.owner;
      this.sites.push(site);
    }
    if (scan.unterminatedAt !== undefined) this.unclosed.push({ path, text });
  }

  steps(steps: unknown, base: DocumentPath): void {
    looseList(steps).forEach((item, i) => {
      const step = looseObject(item);
      if (step === undefined) return;
      const path = [...base, i];
      const previous = this.owner;
      this.owner = path;
      this.step(step, path);
      this.owner = previous;
      if (step.type === 'condition') {
        this.steps(step.then, [...path, 'then']);
        this.steps(step.else, [...path, 'else']);
      } else if (step.type === 'forEach') {
        this.steps(step.steps, [...path, 'steps']);
      }
    });
  }

  private step(step: LooseObject, path: DocumentPath): void {
    this.expr([...path, 'when'], step.when);
    const at = (key: string): DocumentPath => [...path, key];
    if (step.type === 'call') this.value(at('input'), step.input);
    else if (step.type === 'map') this.value(at('mapping'), step.mapping);
    else if (step.type === 'condition') this.expr(at('if'), step.if);
    else if (step.type === 'forEach') this.expr(at('items'), step.items);
    else if (step.type === 'set') this.value(at('values'), step.values);
    else if (step.type === 'respond') this.value(at('body'), step.body);
    else if (step.type === 'lookup') {
      this.expr(at('key'), step.key);
      this.value(at('default'), step.default);
    }
  }

  connector(doc: LooseObject): void {
    this.value(['baseUrl'], doc.baseUrl);
    const auth = looseObject(doc.auth);
    if (auth?.type === 'token') {
      this.expr(['auth', 'token'], auth.token);
      this.expr(['auth', 'expiresIn'], auth.expiresIn);
      this.expr(['auth', 'expiredWhen'], auth.expiredWhen);
    } else if (auth !== undefined) {
      // The other kinds' texts are templates over config, secrets (and token), like a request's.
      for (const key of AUTH_TEMPLATES[String(auth.type)] ?? []) this.value(['auth', key], auth[key]);
    }
    for (const [id, entry] of Object.entries(looseObject(doc.operations) ?? {})) {
      const op = looseObject(entry);
      if (op === undefined) continue;
      const at = ['operations', id];
      this.value([...at, 'path'], op.path);
      this.value([...at, 'query'], op.query);
      this.value([...at, 'headers'], op.headers);
      this.value([...at, 'body'], op.body);
      for (const key of ['errorWhen', 'errorMessage', 'output'] as const) this.expr([...at, key], op[key]);
      this.expr([...at, 'batch', 'results'], looseObject(op.batch)?.results);
      const pagination = looseObject(op.pagination);
      if (pagination === undefined) continue;
      this.expr([...at, 'pagination', 'items'], pagination.items);
      if (pagination.style === 'cursor')
        this.expr([...at, 'pagination', 'nextCursor'], pagination.nextCursor);
      if (pagination.style === 'page') this.expr([...at, 'pagination', 'totalPages'], pagination.totalPages);
      if (pagination.style === 'nextLink') this.expr([...at, 'pagination', 'nextLink'], pagination.nextLink);
    }
  }
}
