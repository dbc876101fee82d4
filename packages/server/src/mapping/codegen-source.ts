/**
 * The text side of the mapping code generator: temporaries, quoted literals and the tables through which
 * run-time values (helpers, constants, JSONata closures, nodes) reach the generated function. User text
 * only ever enters the source through `quote` (a JSON string literal); every name is the generator's own.
 */

/** The tables handed to the generated factory: helpers, constants, JSONata evaluators, nodes, path accessors and direct evaluators. */
export type TableName = 'h' | 'k' | 'x' | 'n' | 'a';

/** Where generated code is being emitted: the JS names of the current root and scope, and its reuse map. */
export interface Frame {
  /** Name of the variable holding the current root (the record, or the `$each` item). */
  readonly root: string;
  /** Name of the variable holding the current scope (variables). */
  readonly scope: string;
  /** Whether `await` may be emitted (the generated function is async). */
  readonly async: boolean;
  /**
   * Earlier results of pure sub-expressions at this root and scope (by plan key → variable name); only
   * entries of the current block or an enclosing one, so every name here is in scope.
   */
  readonly reuse: Map<string, string>;
}

const LINE_SEPARATORS = /[\u2028\u2029]/g;

/**
 * A JavaScript string literal of any text: JSON.stringify escapes quotes, backslashes, control characters
 * and lone surrogates; U+2028/U+2029 are escaped too so the source reads the same in any JS parser.
 */
export function quote(text: string): string {
  return JSON.stringify(text).replace(LINE_SEPARATORS, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
}

/** Accumulates the statements and tables of one generated function. */
export class Source {
  readonly lines: string[] = [];
  readonly tables: Record<TableName, unknown[]> = { h: [], k: [], x: [], n: [], a: [] };
  private readonly hoisted: string[] = [];
  private readonly refs: Record<TableName, Map<unknown, string>> = {
    h: new Map(),
    k: new Map(),
    x: new Map(),
    n: new Map(),
    a: new Map(),
  };
  private readonly keyed = new Map<string, string>();
  private count = 0;

  /** A fresh variable or label name (`prefix` is one of the generator's own letters). */
  name(prefix: string): string {
    return `${prefix}${this.count++}`;
  }

  /** Appends one statement line. */
  push(line: string): void {
    this.lines.push(line);
  }

  /** The hoisted constant name through which the generated code reaches `value` (one per value and table). */
  ref(table: TableName, value: unknown): string {
    const known = this.refs[table];
    const hit = known.get(value);
    if (hit !== undefined) return hit;
    const index = this.tables[table].push(value) - 1;
    const name = `${table}_${index}`;
    this.hoisted.push(`const ${name} = ${table}[${index}];`);
    known.set(value, name);
    return name;
  }

  /** Like `ref`, for a value identified by `key` and made (once) by `make`. */
  refByKey(table: TableName, key: string, make: () => unknown): string {
    const hit = this.keyed.get(`${table}${key}`);
    if (hit !== undefined) return hit;
    const name = this.ref(table, make());
    this.keyed.set(`${table}${key}`, name);
    return name;
  }

  /**
   * A JS expression for a constant: strings, booleans, null and ordinary finite numbers are inlined
   * (quoted); anything else (objects, -0, NaN, ±Infinity, undefined) is read from the constants table.
   */
  literal(value: unknown): string {
    if (typeof value === 'string') return quote(value);
    if (typeof value === 'boolean' || value === null) return String(value);
    if (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0)) return String(value);
    return this.ref('k', value);
  }

  /** The hoisted table reads (the factory's prologue). */
  prologue(): string {
    return this.hoisted.join('\n');
  }
}
