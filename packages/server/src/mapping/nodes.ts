import {
  type Bindings,
  compileExpression,
  compileTemplate,
  type DirectPlan,
  type ExpressionLimits,
} from '../expressions/index.ts';
import { atSegment, FieldFailure } from './field-failure.ts';

/** Variables of one mapping evaluation (caller bindings plus `root`, `parent`, `parents`, `index`, …). */
export type Scope = Bindings;

/** The compiled parts of an `$each` directive. */
export interface EachParts {
  source: MapNode;
  as: string | undefined;
  map: MapNode | undefined;
  filter: MapNode | undefined;
  chunk: number | undefined;
}

/** One compiled node of a mapping: `run` returns the value, or a Promise of it when `sync` is false. */
export interface MapNode {
  readonly sync: boolean;
  run(root: unknown, scope: Scope): unknown;
  /**
   * For a synchronous expression node: the bare evaluator and its text, so a parent can call it without
   * the wrapper (a thrown error must then be wrapped as `new FieldFailure(error, expression)`).
   */
  readonly direct?: { evaluate(root: unknown, scope: Scope): unknown; expression: string; key?: string };
  /** What the node does, for the code generator (codegen.ts); a node without a plan is called as is. */
  readonly plan?: NodePlan;
}

/**
 * The shape of a node for the code generator: a constant, an engine-free value (one direct plan keeping
 * its type, or `mixed` text parts joined as a string), a JSONata evaluation, an object, an array or `$each`.
 */
export type NodePlan =
  | { kind: 'constant'; value: unknown }
  | { kind: 'direct'; mixed: boolean; parts: readonly (string | DirectPlan)[] }
  | { kind: 'engine'; evaluate: (root: unknown, scope: Scope) => Promise<unknown> }
  | { kind: 'object'; entries: readonly (readonly [string, MapNode])[] }
  | { kind: 'array'; items: readonly MapNode[] }
  | { kind: 'each'; parts: EachParts };

/** What every node compiler needs to know. */
export interface CompileContext {
  /** Plain paths and helper calls evaluated without JSONata (default true). */
  fastPaths: boolean;
  limits: Partial<ExpressionLimits> | undefined;
}

/** A constant (literal) node. */
export function constantNode(value: unknown): MapNode {
  const evaluate = () => value;
  return {
    sync: true,
    run: evaluate,
    direct: { evaluate, expression: '' },
    plan: { kind: 'constant', value },
  };
}

/** JSONata reads only own keys of its bindings, so a scope that inherits (see each.ts) is copied flat. */
export function flatScope(scope: Scope): Scope {
  if (Object.getPrototypeOf(scope) === Object.prototype) return scope;
  const flat: Record<string, unknown> = {};
  for (const key in scope) flat[key] = scope[key];
  return flat;
}

function evaluatorNode(
  key: string,
  expression: string,
  direct: ((root: unknown, scope: Scope) => unknown) | undefined,
  evaluate: (root: unknown, scope: Scope) => Promise<unknown>,
  plan: NodePlan | undefined,
): MapNode {
  if (direct !== undefined) {
    return {
      sync: true,
      direct: { evaluate: direct, expression, key },
      ...(plan === undefined ? {} : { plan }),
      run(root, scope) {
        try {
          return direct(root, scope);
        } catch (error) {
          throw new FieldFailure(error, expression);
        }
      },
    };
  }
  return {
    sync: false,
    plan: { kind: 'engine', evaluate },
    async run(root, scope) {
      try {
        return await evaluate(root, flatScope(scope));
      } catch (error) {
        throw new FieldFailure(error, expression);
      }
    },
  };
}

/** A string value: literal, `{{ expr }}` (typed) or text with templates (string). */
export function templateNode(text: string, ctx: CompileContext): MapNode {
  const template = compileTemplate(text, {
    direct: ctx.fastPaths,
    ...(ctx.limits ? { limits: ctx.limits } : {}),
  });
  if (template.kind === 'literal') return constantNode(text);
  const parts = template.directParts;
  const plan: NodePlan | undefined =
    parts === undefined ? undefined : { kind: 'direct', mixed: template.kind === 'mixed', parts };
  const expressions = template.expressions.join(' … ');
  return evaluatorNode(`{{${text}`, expressions, template.direct, template.evaluate, plan);
}

/** A bare expression (directive values like `$each`); a text holding `{{ }}` is treated as a template. */
export function expressionNode(text: string, ctx: CompileContext): MapNode {
  if (text.includes('{{')) return templateNode(text, ctx);
  const compiled = compileExpression(text, {
    direct: ctx.fastPaths,
    ...(ctx.limits ? { limits: ctx.limits } : {}),
  });
  const plan: NodePlan | undefined =
    compiled.plan === undefined ? undefined : { kind: 'direct', mixed: false, parts: [compiled.plan] };
  return evaluatorNode(`$expr${text}`, text, compiled.direct, compiled.evaluate, plan);
}

/** Builds an object from compiled entries; an absent (undefined) value leaves its key out. */
export function objectNode(entries: readonly (readonly [string, MapNode])[]): MapNode {
  if (entries.every(([, node]) => node.sync)) return syncObjectNode(entries);
  return {
    sync: false,
    plan: { kind: 'object', entries },
    async run(root, scope) {
      const out: Record<string, unknown> = {};
      for (const [key, node] of entries) {
        let value: unknown;
        try {
          value = node.sync ? node.run(root, scope) : await node.run(root, scope);
        } catch (error) {
          throw atSegment(error, key);
        }
        if (value !== undefined) out[key] = value;
      }
      return out;
    },
  };
}

type Evaluate = (root: unknown, scope: Scope) => unknown;

/**
 * The synchronous object builder, the hot loop of every mapping: keys, evaluators and expression texts in
 * parallel arrays; expression nodes are called bare (their wrapper's error handling is done here).
 */
function syncObjectNode(entries: readonly (readonly [string, MapNode])[]): MapNode {
  const keys = entries.map(([key]) => key);
  const evaluators: Evaluate[] = entries.map(([, node]) =>
    node.direct !== undefined ? node.direct.evaluate : (root, scope) => node.run(root, scope),
  );
  const expressions = entries.map(([, node]) => node.direct?.expression);
  const { repeatOf, kept } = repeatedExpressions(entries.map(([, node]) => node.direct?.key));
  const values: unknown[] = new Array(keys.length);
  const count = keys.length;
  return {
    sync: true,
    plan: { kind: 'object', entries },
    run(root, scope) {
      const out: Record<string, unknown> = {};
      let i = 0;
      try {
        for (; i < count; i++) {
          const first = repeatOf[i]!;
          const earlier = first < 0 ? undefined : values[first];
          const value = first >= 0 && isPrimitive(earlier) ? earlier : evaluators[i]!(root, scope);
          if (kept[i]) values[i] = value;
          if (value !== undefined) out[keys[i]!] = value;
        }
      } catch (error) {
        const expression = expressions[i];
        const failure = expression === undefined ? error : new FieldFailure(error, expression);
        throw atSegment(failure, keys[i]!);
      }
      return out;
    },
  };
}

/**
 * Fields of one object with the same expression (by `key`, e.g. three `{{ $decimal(amount, 2) }}`): they are pure
 * functions of the root and variables, which do not change while one object is built, so a later field
 * reuses the first one's value — when it is a primitive (an object result, e.g. `$fnumber(…)`, is built
 * afresh so that no two fields share one object). `repeatOf[i]` is that first field's index, or -1.
 */
function repeatedExpressions(expressions: readonly (string | undefined)[]): {
  repeatOf: number[];
  kept: boolean[];
} {
  const firstOf = new Map<string, number>();
  const repeatOf = expressions.map(() => -1);
  const kept = expressions.map(() => false);
  expressions.forEach((expression, i) => {
    if (expression === undefined || expression === '') return;
    const first = firstOf.get(expression);
    if (first === undefined) firstOf.set(expression, i);
    else {
      repeatOf[i] = first;
      kept[first] = true;
    }
  });
  return { repeatOf, kept };
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

/** Builds an array from compiled items; an absent item becomes null (as in JSON). */
export function arrayNode(items: readonly MapNode[]): MapNode {
  const sync = items.every((node) => node.sync);
  return {
    sync,
    plan: { kind: 'array', items },
    run(root, scope) {
      if (sync) return items.map((node, i) => runItem(node, root, scope, i) ?? null);
      return (async () => {
        const out: unknown[] = [];
        for (const [i, node] of items.entries()) out.push((await runItem(node, root, scope, i)) ?? null);
        return out;
      })();
    },
  };
}

function runItem(node: MapNode, root: unknown, scope: Scope, index: number): unknown {
  try {
    const value = node.run(root, scope);
    if (node.sync) return value;
    return (value as Promise<unknown>).catch((error: unknown) => {
      throw atSegment(error, `[${index}]`);
    });
  } catch (error) {
    throw atSegment(error, `[${index}]`);
  }
}
