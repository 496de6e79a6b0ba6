/**
 * Orders strings by their UTF-8 bytes, i.e. by code point. JavaScript's `<` compares UTF-16 code
 * units, which puts U+FF5E before U+1F600 although UTF-8 (and Python, and most databases) do the
 * opposite; reports must sort the same everywhere.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (0xD800–0xDFFF) encode code points above 0xFFFF, which sort after every BMP char.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** Compares composite keys element by element with `compareUtf8`; a shorter prefix sorts first. */
export function compareKeys(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareUtf8(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * One string whose UTF-16 order is `key`'s `compareKeys` order: elements joined by "\0\0", a NUL
 * inside an element escaped as "\0\u0001" (so the join is unambiguous and a shorter element still
 * sorts first). Undefined when an element has surrogates, where UTF-16 and UTF-8 orders differ.
 */
function keyText(key: readonly string[]): string | undefined {
  let text = "";
  for (let i = 0; i < key.length; i++) {
    const e = key[i]!;
    if (SURROGATE.test(e)) return undefined;
    if (i > 0) text += "\0\0";
    text += e.includes("\0") ? e.replaceAll("\0", "\0\u0001") : e;
  }
  return text;
}

/**
 * The indices of `keys` in `compareKeys` order (ties keep their input order). With distinct keys
 * free of surrogates — every aggregate's groups, in practice — the key texts take the engine's
 * native string sort: on 463k keys ~0.25 s against ~0.9–1.2 s for a comparator sort (JSC calls a
 * comparator ~100 ns a time); otherwise it sorts the indices with `compareKeys`.
 */
export function sortedOrder(keys: readonly (readonly string[])[]): number[] {
  const byText = new Map<string, number>();
  for (let i = 0; i < keys.length; i++) {
    const text = keyText(keys[i]!);
    if (text === undefined) break;
    byText.set(text, i);
  }
  if (byText.size !== keys.length) return keys.map((_, i) => i).sort((a, b) => compareKeys(keys[a]!, keys[b]!) || a - b);
  return [...byText.keys()].sort().map((text) => byText.get(text)!);
}
