// Groups keys into folders by ":" (as RedisInsight does), flattened into the
// rows a virtualized list shows: open folders list their children below them.
export type TreeRow<T> =
  { kind: "folder"; path: string; name: string; depth: number; count: number; open: boolean } | { kind: "leaf"; item: T; name: string; depth: number };

interface Folder<T> {
  folders: Map<string, Folder<T>>;
  leaves: { name: string; item: T }[];
  count: number;
}

function emptyFolder<T>(): Folder<T> {
  return { folders: new Map(), leaves: [], count: 0 };
}

export function treeRows<T>(items: readonly T[], keyOf: (item: T) => string, openPaths: ReadonlySet<string>): TreeRow<T>[] {
  const root = emptyFolder<T>();
  for (const item of items) {
    const parts = keyOf(item).split(":");
    let folder = root;
    folder.count++;
    for (const part of parts.slice(0, -1)) {
      let child = folder.folders.get(part);
      if (!child) folder.folders.set(part, (child = emptyFolder<T>()));
      folder = child;
      folder.count++;
    }
    folder.leaves.push({ name: parts[parts.length - 1], item });
  }
  const rows: TreeRow<T>[] = [];
  const walk = (folder: Folder<T>, prefix: string, depth: number) => {
    for (const [name, child] of folder.folders) {
      const path = prefix + name + ":";
      const open = openPaths.has(path);
      rows.push({ kind: "folder", path, name, depth, count: child.count, open });
      if (open) walk(child, path, depth + 1);
    }
    for (const leaf of folder.leaves) rows.push({ kind: "leaf", item: leaf.item, name: leaf.name, depth });
  };
  walk(root, "", 0);
  return rows;
}
