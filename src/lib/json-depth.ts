/**
 * Whether a parsed JSON value nests objects/arrays more than `max` levels (the value itself is
 * level 1). Iterative, so any depth JSON.parse produced is measured without exhausting the stack.
 */
export function deeperThan(root: object, max: number): boolean {
  const stack: [object, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
