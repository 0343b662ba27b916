/**
 * The value under `key` of a map kept in order of use (least recently used first, so the first
 * entries are the ones to drop), moved to the end as used now; undefined when there is none.
 */
export function useRecent<K, V>(map: Map<K, V>, key: K): V | undefined {
  const value = map.get(key);
  if (value === undefined) return undefined;
  map.delete(key);
  map.set(key, value);
  return value;
}
