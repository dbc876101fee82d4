/** A typed constant stays typed (`123` → number, `true` → boolean); anything else is a string template. */
export function parseConstant(text: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(text) && !/^-?0\d/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}
