import { Serializable } from "@langchain/core/load/serializable";

/** Deeper data is treated as different (and serialized), which also bounds the walk on cycles. */
const MAX_DEPTH = 32;

/**
 * Whether two values are certain to serialize to the same bytes: equal primitives, or objects of
 * the same kind (plain objects, arrays, LangChain serializables such as messages, of one class)
 * whose own enumerable properties are alike, in the same order. Anything else (dates, maps, typed
 * arrays, NaN, very deep data) counts as different. A false "different" only costs a
 * serialization; a false "alike" would store wrong bytes, so the test errs that way only.
 */
export function sameData(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || depth > MAX_DEPTH) return false;
  const proto: unknown = Object.getPrototypeOf(a);
  if (proto !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (proto !== Array.prototype || a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], other[i], depth + 1)) return false;
    return true;
  }
  // Serializables are written from their own fields plus per-class constants, so their class and fields decide their bytes.
  if (proto !== Object.prototype && proto !== null && !(a instanceof Serializable)) return false;
  const keys = Object.keys(a);
  const otherKeys = Object.keys(b);
  if (keys.length !== otherKeys.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key !== otherKeys[i] || !sameData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}
