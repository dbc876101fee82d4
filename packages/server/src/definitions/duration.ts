/** A duration as definitions write it: `500ms`, `30s`, `10m`, `2h`, `1d` (or a number of ms). */
export const DURATION_PATTERN = /^(\d+)(ms|s|m|h|d)$/;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Whether a text is a duration (`500ms`, `10m`, `120d`). */
export function isDuration(text: string): boolean {
  return DURATION_PATTERN.test(text.trim());
}

/** A duration in milliseconds; undefined when the text is not a duration. */
export function durationToMs(value: number | string): number | undefined {
  if (typeof value === 'number') return value;
  const match = DURATION_PATTERN.exec(value.trim());
  return match ? Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1) : undefined;
}
