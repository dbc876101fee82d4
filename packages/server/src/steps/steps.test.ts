import { describe, expect, it } from 'vitest';
import type { ConnectorGateway } from '../connectors/kit/gateway.ts';
import type { StepDefinition } from '../definitions/flow-schema.ts';
import type { JsonObject } from '../json.ts';
import type { Store } from '../store/port.ts';
import { createStepEvaluator } from './evaluator.ts';
import { executeStep, isPureStep } from './index.ts';
import type { StepContext } from './types.ts';

const evaluator = createStepEvaluator();
const scope: JsonObject = {
  trigger: { no: 7, rows: [{ amount: '1.5' }, { amount: '2' }], dept: 'd2' },
  steps: { getToken: { output: { access_token: 'tok' } } },
  vars: { prefix: 'PZ' },
};

function context(overrides: Partial<StepContext> = {}): StepContext {
  return {
    scope,
    evaluator,
    gateway: {} as ConnectorGateway,
    store: {} as Store,
    signal: new AbortController().signal,
    observe: () => undefined,
    acquire: async () => () => undefined,
    ...overrides,
  };
}

describe('evaluator', () => {
  it('keeps the type of a value that is exactly one template and interpolates others', async () => {
    const value = {
      token: '{{ steps.getToken.output.access_token }}',
      n: '{{ trigger.no }}',
      label: '{{ vars.prefix }}-{{ trigger.no }}',
    };
    expect(await evaluator.render(value, scope)).toEqual({ token: 'tok', n: 7, label: 'PZ-7' });
    expect(await evaluator.render('{{ $sum(trigger.rows.$number(amount)) }}', scope)).toBe(3.5);
    expect(await evaluator.render({ missing: '{{ trigger.nope }}' }, scope)).toEqual({});
  });

  it('reports syntax and evaluation errors with their codes', async () => {
    await expect(evaluator.evaluate('trigger.(', scope)).rejects.toMatchObject({ code: 'EXPRESSION_SYNTAX' });
    await expect(evaluator.evaluate('$number("x") + $undefinedFn()', scope)).rejects.toMatchObject({
      code: 'EXPRESSION_EVALUATION',
    });
  });
});

describe('step executors', () => {
  it('calls the gateway with the rendered input and a connection permit', async () => {
    const acquired: string[] = [];
    const gateway = {
      call: async (request: { input: JsonObject; connection: string; operation: string }) => ({
        echoed: request.input,
      }),
    } as unknown as ConnectorGateway;
    const step: StepDefinition = {
      id: 'c',
      type: 'call',
      connection: 'jdy',
      operation: 'save',
      input: { t: '{{ steps.getToken.output.access_token }}' },
    };
    const result = await executeStep(
      step,
      context({
        gateway,
        acquire: async (c) => {
          acquired.push(c);
          return () => undefined;
        },
      }),
    );
    expect(result).toEqual({ kind: 'value', input: { t: 'tok' }, output: { echoed: { t: 'tok' } } });
    expect(acquired).toEqual(['jdy']);
  });

  it('looks up a table, a ledger and falls back to the default', async () => {
    const table: StepDefinition = {
      id: 'l',
      type: 'lookup',
      key: 'trigger.dept',
      table: { d1: 'A' },
      default: '未知',
    };
    expect(await executeStep(table, context())).toMatchObject({ output: '未知' });
    const store = {
      ledger: {
        get: async (_s: string, key: string) =>
          key === 'd2' ? { status: 'written', targetId: 'T9', targetNumber: 'N9' } : undefined,
      },
    };
    const ledger: StepDefinition = { id: 'l', type: 'lookup', key: 'trigger.dept', ledger: 'expenses' };
    const found = await executeStep(ledger, context({ store: store as unknown as Store }));
    expect(found).toMatchObject({ output: { status: 'written', targetId: 'T9', targetNumber: 'N9' } });
  });

  it('turns a single value into one loop item and sets the respond default status', async () => {
    expect(
      await executeStep({ id: 'f', type: 'forEach', items: 'trigger.no', steps: [] }, context()),
    ).toMatchObject({ kind: 'loop', items: [7] });
    expect(await executeStep({ id: 'r', type: 'respond', body: { ok: true } }, context())).toMatchObject({
      response: { status: 200, body: { ok: true } },
    });
    expect(
      await executeStep({ id: 's', type: 'set', values: { a: '{{ trigger.no }}' } }, context()),
    ).toMatchObject({ vars: { a: 7 } });
    const condition = {
      id: 'c',
      type: 'condition',
      if: 'trigger.no > 10',
      else: [],
    } as unknown as StepDefinition;
    expect(await executeStep(condition, context())).toMatchObject({ branch: 'else' });
  });

  it('marks only calls and responds as effectful', () => {
    expect(isPureStep({ id: 'm', type: 'map', mapping: 1 })).toBe(true);
    expect(isPureStep({ id: 'c', type: 'call', connection: 'a', operation: 'b' })).toBe(false);
  });
});
