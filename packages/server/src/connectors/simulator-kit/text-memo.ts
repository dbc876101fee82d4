/**
 * `compute(text)` remembered per distinct text, at most `max` texts (all forgotten when full): for
 * the few hundred texts a simulator sees again and again (names, statuses, dates) on its hot paths,
 * where computing the answer costs more than looking it up.
 */
export function memoizeByText<T>(compute: (text: string) => T, max = 4096): (text: string) => T {
  const answers = new Map<string, T>();
  return (text) => {
    const known = answers.get(text);
    // One look-up on a hit; `has` only tells an unknown text from a remembered `undefined`.
    if (known !== undefined || answers.has(text)) return known as T;
    const answer = compute(text);
    if (answers.size >= max) answers.clear();
    answers.set(text, answer);
    return answer;
  };
}
