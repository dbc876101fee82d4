import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { JSONATA_FUNCTIONS } from '../expressions/jsonata-functions.ts';
import { functionNames, KNOWN_FUNCTIONS } from './expression-functions.ts';

describe('expression functions', () => {
  it('lists only functions the installed JSONata has', async () => {
    for (const name of JSONATA_FUNCTIONS) {
      expect(await jsonata(`$type($${name})`).evaluate({}), `$${name}`).toBe('function');
    }
    expect(await jsonata('$type($nosuchfn)').evaluate({})).toBeUndefined();
  });

  it('knows the helpers Qiao registers', () => {
    expect(KNOWN_FUNCTIONS).toEqual(
      expect.arrayContaining(['decimal', 'valueMap', 'msToDate', 'lookup', 'chunk']),
    );
  });

  it('tells called names from names the expression binds', () => {
    const ast = jsonata(
      '($f := function($x) { $g($x) }; input.list@$l#$i.($f($l) & $i); $h(1)(2); x ~> $k; $sum([1]))',
    ).ast();
    const { called, bound } = functionNames(ast as never);
    expect(new Set(called)).toEqual(new Set(['f', 'g', 'h', 'k', 'sum']));
    expect(bound).toEqual(new Set(['f', 'x', 'l', 'i']));
  });
});
