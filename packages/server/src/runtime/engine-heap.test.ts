import { setFlagsFromString } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINE_HEAP, tuneEngineHeap } from './engine-heap.ts';

describe('tuneEngineHeap', () => {
  afterEach(() => {
    // Back to V8's defaults for the rest of this worker.
    setFlagsFromString('--heap-growing-percent=0');
    setFlagsFromString('--semi-space-growth-factor=2');
  });

  it('applies both settings when node was given none', () => {
    const tuning = tuneEngineHeap({}, []);
    tuning.stop();
    expect(tuning.applied).toEqual([
      `--heap-growing-percent=${ENGINE_HEAP.heapGrowingPercent}`,
      `young generation ≤ ${ENGINE_HEAP.youngGenerationBytes / 1024 / 1024} MB`,
    ]);
  });

  it('leaves a setting to a node flag given for it (command line or NODE_OPTIONS)', () => {
    const fromArgs = tuneEngineHeap({}, ['--max_semi_space_size=32']);
    fromArgs.stop();
    expect(fromArgs.applied).toEqual([`--heap-growing-percent=${ENGINE_HEAP.heapGrowingPercent}`]);
    const fromOptions = tuneEngineHeap({ NODE_OPTIONS: '--heap-growing-percent=50 --max-semi-space-size=4' });
    fromOptions.stop();
    expect(fromOptions.applied).toEqual([]);
  });

  it('applies nothing with QIAO_HEAP_TUNING=off', () => {
    expect(tuneEngineHeap({ QIAO_HEAP_TUNING: 'off' }, []).applied).toEqual([]);
  });
});
