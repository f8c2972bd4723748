// Grouping objects under a key, the one shape every lookup of the index is built from.

/** Add `value` to the list kept under `key`, starting the list if there is none. */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
