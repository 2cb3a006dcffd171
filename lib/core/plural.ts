/** `n` with its noun in the right number, digits grouped: `1 problem`, `1,204 problems`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
