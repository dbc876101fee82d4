import type { JsonValue } from '../json.ts';
import type { DocumentPath } from './diagnostic.ts';
import type { QiaoDocument } from './document.ts';
import type { StepDefinition } from './flow-schema.ts';
import type { ConnectorDefinition } from './schema.ts';
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

/** Mapping directive keys whose string value is a bare expression (see src/mapping/README.md). */
const EXPRESSION_DIRECTIVES = new Set(['$each', '$filter', '$expr']);

/** Collects every expression and template of a document, and every unclosed template. */
export function collectSites(doc: QiaoDocument): { sites: ExpressionSite[]; unclosed: UnclosedTemplate[] } {
  const out = new SiteCollector();
  switch (doc.kind) {
    case 'flow':
      out.steps(doc.steps, ['steps']);
      break;
    case 'sync':
      out.expr(['source', 'key'], doc.source.key);
      out.expr(['source', 'filter'], doc.source.filter);
      out.expr(['source', 'watermark', 'field'], doc.source.watermark?.field);
      out.value(['source', 'input'], doc.source.input);
      out.value(['source', 'detail', 'input'], doc.source.detail?.input);
      out.value(['mapping'], doc.mapping);
      out.value(['target', 'input'], doc.target.input);
      out.expr(['target', 'number'], doc.target.number);
      out.value(['writeBack', 'input'], doc.writeBack?.input);
      out.expr(['reconcile', 'sourceAmount'], doc.reconcile?.sourceAmount);
      out.expr(['reconcile', 'targetAmount'], doc.reconcile?.targetAmount);
      break;
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

  expr(path: DocumentPath, text: string | undefined): void {
    if (text === undefined) return;
    const site: ExpressionSite = { path, expr: text, template: false };
    if (this.owner !== undefined) site.step = this.owner;
    this.sites.push(site);
  }

  value(path: DocumentPath, value: JsonValue | Record<string, JsonValue> | undefined): void {
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

  steps(steps: readonly StepDefinition[], base: DocumentPath): void {
    steps.forEach((step, i) => {
      const path = [...base, i];
      const previous = this.owner;
      this.owner = path;
      this.step(step, path);
      this.owner = previous;
      if (step.type === 'condition') {
        this.steps(step.then, [...path, 'then']);
        if (step.else !== undefined) this.steps(step.else, [...path, 'else']);
      } else if (step.type === 'forEach') {
        this.steps(step.steps, [...path, 'steps']);
      }
    });
  }

  private step(step: StepDefinition, path: DocumentPath): void {
    this.expr([...path, 'when'], step.when);
    const at = (key: string): DocumentPath => [...path, key];
    if (step.type === 'call') this.value(at('input'), step.input);
    else if (step.type === 'map') this.value(at('mapping'), step.mapping);
    else if (step.type === 'condition') this.expr(at('if'), step.if);
    else if (step.type === 'forEach') this.expr(at('items'), step.items);
    else if (step.type === 'set') this.value(at('values'), step.values);
    else if (step.type === 'respond') this.value(at('body'), step.body);
    else {
      this.expr(at('key'), step.key);
      this.value(at('default'), step.default);
    }
  }

  connector(doc: ConnectorDefinition): void {
    if (doc.auth.type === 'token') {
      this.expr(['auth', 'token'], doc.auth.token);
      this.expr(['auth', 'expiresIn'], doc.auth.expiresIn);
      this.expr(['auth', 'expiredWhen'], doc.auth.expiredWhen);
    }
    for (const [id, op] of Object.entries(doc.operations)) {
      const at = ['operations', id];
      this.value([...at, 'path'], op.path);
      this.value([...at, 'query'], op.query);
      this.value([...at, 'headers'], op.headers);
      this.value([...at, 'body'], op.body);
      for (const key of ['errorWhen', 'errorMessage', 'output'] as const) this.expr([...at, key], op[key]);
      this.expr([...at, 'batch', 'results'], op.batch?.results);
      const pagination = op.pagination;
      if (pagination === undefined) continue;
      this.expr([...at, 'pagination', 'items'], pagination.items);
      if (pagination.style === 'cursor')
        this.expr([...at, 'pagination', 'nextCursor'], pagination.nextCursor);
      if (pagination.style === 'page') this.expr([...at, 'pagination', 'totalPages'], pagination.totalPages);
      if (pagination.style === 'nextLink') this.expr([...at, 'pagination', 'nextLink'], pagination.nextLink);
    }
  }
}
