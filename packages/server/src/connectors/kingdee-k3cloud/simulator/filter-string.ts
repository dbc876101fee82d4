import { isJsonObject, type JsonValue } from '../../../json.ts';
import { normaliseDate } from './pay-bill-model.ts';

/** A parsed ExecuteBillQuery FilterString. */
export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; node: FilterNode }
  | { kind: 'cmp'; field: string; op: string; value: string | number }
  | { kind: 'like'; field: string; pattern: string; negate: boolean }
  | { kind: 'in'; field: string; values: (string | number)[]; negate: boolean }
  | { kind: 'null'; field: string; negate: boolean }
  | { kind: 'true' };

/** A FilterString the simulator cannot read (answered as a parameter error). */
export class FilterSyntaxError extends Error {
  override readonly name = 'FilterSyntaxError';
}

type Token = { t: 'id' | 'str' | 'num' | 'op' | 'punct'; v: string };

const TOKEN =
  /\s*(?:(N?'(?:[^']|'')*')|(-?\d+(?:\.\d+)?)(?![\w.])|(<>|!=|>=|<=|=|>|<)|([(),])|([A-Za-z_][\w.]*))/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw new FilterSyntaxError(`过滤条件语法错误，位置 ${start}: ${text.slice(start, start + 20)}`);
    if (m[1]) tokens.push({ t: 'str', v: m[1].replace(/^N/, '').slice(1, -1).replaceAll("''", "'") });
    else if (m[2]) tokens.push({ t: 'num', v: m[2] });
    else if (m[3]) tokens.push({ t: 'op', v: m[3] === '!=' ? '<>' : m[3] });
    else if (m[4]) tokens.push({ t: 'punct', v: m[4] });
    else tokens.push({ t: 'id', v: m[5] ?? '' });
  }
  return tokens;
}

/** Recursive-descent parser: or → and → not → predicate | ( or ). */
class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): FilterNode {
    if (this.tokens.length === 0) return { kind: 'true' };
    const node = this.or();
    if (this.i < this.tokens.length)
      throw new FilterSyntaxError(`过滤条件语法错误：多余的 “${this.tokens[this.i]?.v}”`);
    return node;
  }

  private peekWord(word: string): boolean {
    const tok = this.tokens[this.i];
    return tok?.t === 'id' && tok.v.toUpperCase() === word;
  }

  private eatWord(word: string): boolean {
    if (!this.peekWord(word)) return false;
    this.i++;
    return true;
  }

  private next(): Token {
    const tok = this.tokens[this.i++];
    if (!tok) throw new FilterSyntaxError('过滤条件语法错误：条件不完整');
    return tok;
  }

  private or(): FilterNode {
    let left = this.and();
    while (this.peekWord('OR')) {
      this.i++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): FilterNode {
    let left = this.not();
    while (this.peekWord('AND')) {
      this.i++;
      left = { kind: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): FilterNode {
    if (this.peekWord('NOT')) {
      this.i++;
      return { kind: 'not', node: this.not() };
    }
    const tok = this.tokens[this.i];
    if (tok?.t === 'punct' && tok.v === '(') {
      this.i++;
      const node = this.or();
      if (this.next().v !== ')') throw new FilterSyntaxError('过滤条件语法错误：缺少 “)”');
      return node;
    }
    return this.predicate();
  }

  private literal(): string | number {
    const tok = this.next();
    if (tok.t === 'str') return tok.v;
    if (tok.t === 'num') return Number(tok.v);
    throw new FilterSyntaxError(`过滤条件语法错误：“${tok.v}” 不是值`);
  }

  private predicate(): FilterNode {
    const field = this.next();
    if (field.t !== 'id') throw new FilterSyntaxError(`过滤条件语法错误：“${field.v}” 不是字段`);
    const negate = this.eatWord('NOT');
    if (this.peekWord('LIKE')) {
      this.i++;
      return { kind: 'like', field: field.v, pattern: String(this.literal()), negate };
    }
    if (this.peekWord('IN')) {
      this.i++;
      if (this.next().v !== '(') throw new FilterSyntaxError('过滤条件语法错误：IN 后缺少 “(”');
      const values = [this.literal()];
      while (this.tokens[this.i]?.v === ',') {
        this.i++;
        values.push(this.literal());
      }
      if (this.next().v !== ')') throw new FilterSyntaxError('过滤条件语法错误：IN 缺少 “)”');
      return { kind: 'in', field: field.v, values, negate };
    }
    if (this.peekWord('IS')) {
      this.i++;
      const isNot = this.eatWord('NOT');
      if (!this.peekWord('NULL')) throw new FilterSyntaxError('过滤条件语法错误：IS 后应为 NULL');
      this.i++;
      return { kind: 'null', field: field.v, negate: isNot };
    }
    const op = this.next();
    if (op.t !== 'op') throw new FilterSyntaxError(`过滤条件语法错误：“${op.v}” 不是比较运算符`);
    return { kind: 'cmp', field: field.v, op: op.v, value: this.literal() };
  }
}

/** Parses a SQL-like FilterString (`FBillNo='FKD0001' and FDOCUMENTSTATUS in ('B','C')`). */
export function parseFilterString(text: string): FilterNode {
  return new Parser(tokenize(text)).parse();
}

const COMPARE_WORDS: Record<string, string> = {
  '=': '=',
  '==': '=',
  '<>': '<>',
  '!=': '<>',
  '>': '>',
  '>=': '>=',
  '<': '<',
  '<=': '<=',
};

/** Converts the array form `[{Left, FieldName, Compare, Value, Right, Logic}]` (Logic "AND"/"OR" or 0/1). */
export function filterFromArray(items: readonly JsonValue[]): FilterNode {
  const parts: string[] = [];
  items.forEach((item, i) => {
    if (!isJsonObject(item)) throw new FilterSyntaxError('FilterString 数组的每一项必须是对象');
    const compare = String(item.Compare ?? '=')
      .trim()
      .toLowerCase();
    const op = COMPARE_WORDS[compare] ?? (compare === 'like' ? 'like' : null);
    if (!op) throw new FilterSyntaxError(`不支持的比较符 “${String(item.Compare)}”`);
    const value = `'${String(item.Value ?? '').replaceAll("'", "''")}'`;
    parts.push(
      `${String(item.Left ?? '')} ${String(item.FieldName ?? '')} ${op} ${value} ${String(item.Right ?? '')}`,
    );
    if (i < items.length - 1) {
      const logic = String(item.Logic ?? 'AND')
        .trim()
        .toUpperCase();
      parts.push(logic === '1' || logic === 'OR' ? 'or' : 'and');
    }
  });
  return parseFilterString(parts.join(' '));
}

/** Every field a filter reads. */
export function filterFields(node: FilterNode): string[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return [...filterFields(node.left), ...filterFields(node.right)];
    case 'not':
      return filterFields(node.node);
    case 'true':
      return [];
    default:
      return [node.field];
  }
}

/** Compares a row value with a literal: numbers numerically, dates by normalised text, text case-insensitively. */
export function compareValues(a: JsonValue, b: string | number): number {
  if (typeof a === 'number' && b !== '' && Number.isFinite(Number(b))) return a - Number(b);
  const left = String(a ?? '').toLowerCase();
  const asDate = /^\d{4}-\d{2}-\d{2}t/.test(left) && typeof b === 'string' ? normaliseDate(b) : null;
  const right = (asDate ?? String(b)).toLowerCase();
  return left < right ? -1 : left > right ? 1 : 0;
}

function likeRegex(pattern: string): RegExp {
  const body = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replaceAll('%', '.*')
    .replaceAll('_', '.');
  return new RegExp(`^${body}$`, 'is');
}

/** Evaluates a filter against a row whose values `get` returns. */
export function evaluateFilter(node: FilterNode, get: (field: string) => JsonValue): boolean {
  switch (node.kind) {
    case 'true':
      return true;
    case 'and':
      return evaluateFilter(node.left, get) && evaluateFilter(node.right, get);
    case 'or':
      return evaluateFilter(node.left, get) || evaluateFilter(node.right, get);
    case 'not':
      return !evaluateFilter(node.node, get);
    case 'null': {
      const v = get(node.field);
      return (v === null || v === '' || v === 0) !== node.negate;
    }
    case 'like':
      return likeRegex(node.pattern).test(String(get(node.field) ?? '')) !== node.negate;
    case 'in': {
      const v = get(node.field);
      return node.values.some((x) => compareValues(v, x) === 0) !== node.negate;
    }
    case 'cmp':
      return compareOp(compareValues(get(node.field), node.value), node.op);
  }
}

function compareOp(d: number, op: string): boolean {
  switch (op) {
    case '=':
      return d === 0;
    case '<>':
      return d !== 0;
    case '>':
      return d > 0;
    case '>=':
      return d >= 0;
    case '<':
      return d < 0;
    default:
      return d <= 0;
  }
}
