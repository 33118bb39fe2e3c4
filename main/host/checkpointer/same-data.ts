import { Serializable } from "@langchain/core/load/serializable";

/** Deeper data is not compared (it counts as changed), which also bounds the walks on cycles. */
const MAX_DEPTH = 32;

/** Stands for data a snapshot does not copy: never alike to anything. */
class Uncopied {}

/**
 * The kinds of objects whose serialized bytes follow from their class and own enumerable fields:
 * plain objects, arrays, and LangChain serializables such as messages. Dates, maps, typed arrays
 * and other classes keep state elsewhere, so they are never taken as unchanged.
 */
function copyable(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || proto === Array.prototype || value instanceof Serializable;
}

/**
 * A copy of `value` as it is now, to tell later whether it was changed (in place included, which
 * LangGraph nodes may do to state they were given) or replaced by different data.
 */
export function snapshotData(value: unknown, depth = 0): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (depth > MAX_DEPTH || !copyable(value)) return new Uncopied();
  if (Array.isArray(value)) return value.map((element) => snapshotData(element, depth + 1));
  const copy = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  for (const key of Object.keys(value)) copy[key] = snapshotData((value as Record<string, unknown>)[key], depth + 1);
  return copy;
}

/**
 * Whether `value` is certain to serialize to the same bytes as the data `snapshot` was taken of:
 * equal primitives, objects of the same class with alike own enumerable fields in the same order.
 * NaN and anything a snapshot does not copy count as different: a false "different" only costs a
 * serialization, a false "alike" would store wrong bytes.
 */
export function sameData(snapshot: unknown, value: unknown, depth = 0): boolean {
  if (typeof snapshot !== "object" || snapshot === null) return snapshot === value;
  if (typeof value !== "object" || value === null || depth > MAX_DEPTH || snapshot instanceof Uncopied) return false;
  if (Object.getPrototypeOf(snapshot) !== Object.getPrototypeOf(value) || !copyable(value)) return false;
  if (Array.isArray(snapshot)) {
    const list = value as unknown[];
    if (snapshot.length !== list.length) return false;
    for (let i = 0; i < list.length; i++) if (!sameData(snapshot[i], list[i], depth + 1)) return false;
    return true;
  }
  const keys = Object.keys(snapshot);
  const valueKeys = Object.keys(value);
  if (keys.length !== valueKeys.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key !== valueKeys[i] || !sameData((snapshot as Record<string, unknown>)[key], (value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}
