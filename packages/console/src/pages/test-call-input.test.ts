import { describe, expect, it } from 'vitest';
import { inputTemplate, testErrorText } from './test-call-input.ts';

describe('test call input', () => {
  it('starts with the required inputs and those with a default, each with a value of its kind', () => {
    const schema = {
      type: 'object',
      required: ['process_code', 'start_time'],
      properties: {
        process_code: { type: 'string', examples: ['PROC-1'] },
        start_time: { type: ['integer', 'string'] },
        size: { type: 'integer', default: 20 },
        cursor: { type: 'integer' },
      },
    };
    expect(JSON.parse(inputTemplate(schema))).toEqual({ process_code: 'PROC-1', start_time: 0, size: 20 });
  });

  it('keeps {} when the operation needs nothing or declares no schema', () => {
    expect(inputTemplate(undefined)).toBe('{}');
    expect(inputTemplate({ properties: { cursor: { type: 'integer' } } })).toBe('{}');
  });

  it('words a failed call by its code and message', () => {
    expect(testErrorText({ code: 'CONNECTOR_REJECTED', message: '缺少参数', kind: 'user' })).toBe(
      'CONNECTOR_REJECTED：缺少参数',
    );
    expect(testErrorText('boom')).toBe('"boom"');
  });
});
