// What a load(...) call asks for, in every form office.js accepts:
//   load()                                     all scalar properties
//   load("values, format/fill/color")          comma list of paths
//   load(["values", "address"])                array of paths
//   load({ select: "a,b", expand: "format" })  select/expand
//   load({ values: true, format: { fill: { color: true } } })  property tree

export interface LoadTree {
  all: boolean;
  names: Set<string>; // scalar properties, or navigation properties to load whole
  children: Map<string, LoadTree>;
}

export function emptyTree(all = false): LoadTree {
  return { all, names: new Set(), children: new Map() };
}

export function parseLoad(spec: unknown): LoadTree {
  if (spec === undefined || spec === null || spec === "") return emptyTree(true);
  const tree = emptyTree();
  if (typeof spec === "string") addPaths(tree, spec.split(","));
  else if (Array.isArray(spec))
    addPaths(
      tree,
      spec.flatMap((s) => String(s).split(",")),
    );
  else if (typeof spec === "object") addObject(tree, spec as Record<string, unknown>);
  return tree;
}

function addPaths(tree: LoadTree, paths: string[]): void {
  for (const raw of paths) {
    const parts = raw
      .trim()
      .split("/")
      .map((p) => p.trim())
      .filter(Boolean);
    if (parts.length) addPath(tree, parts);
  }
}

function addPath(tree: LoadTree, parts: string[]): void {
  const [head, ...rest] = parts;
  if (head === undefined) return;
  if (rest.length === 0) {
    tree.names.add(head);
    return;
  }
  addPath(child(tree, head), rest);
}

function child(tree: LoadTree, name: string): LoadTree {
  let sub = tree.children.get(name);
  if (!sub) {
    sub = emptyTree();
    tree.children.set(name, sub);
  }
  return sub;
}

function addObject(tree: LoadTree, spec: Record<string, unknown>): void {
  if ("select" in spec || "expand" in spec) {
    const list = (v: unknown) =>
      Array.isArray(v) ? v.map(String) : typeof v === "string" ? v.split(",") : [];
    addPaths(tree, list(spec.select));
    for (const path of list(spec.expand)) {
      const parts = path.trim().split("/").filter(Boolean);
      if (parts.length) markAll(tree, parts);
    }
    if (!("select" in spec)) tree.all = true;
    return;
  }
  for (const [key, value] of Object.entries(spec)) {
    if (key === "$all") tree.all = value === true;
    else if (key.startsWith("$"))
      continue; // $top, $skip: paging is not modelled
    else if (value === true) tree.names.add(key);
    else if (typeof value === "object" && value !== null)
      addObject(child(tree, key), value as Record<string, unknown>);
  }
}

function markAll(tree: LoadTree, parts: string[]): void {
  let node = tree;
  for (const part of parts) node = child(node, part);
  node.all = true;
}

/**
 * A collection load split into the collection's own properties and what each item loads.
 * office.js reads any other name as an item path: load("name") is load("items/name").
 */
export function splitCollectionLoad(
  tree: LoadTree,
  ownScalars: string[],
): { own: LoadTree; items: LoadTree | null } {
  const own = emptyTree(tree.all);
  const items = emptyTree(tree.all || tree.names.has("items"));
  for (const name of tree.names) {
    if (ownScalars.includes(name)) own.names.add(name);
    else if (name !== "items") items.names.add(name);
  }
  for (const [name, sub] of tree.children) {
    if (name !== "items") items.children.set(name, sub);
  }
  const explicit = tree.children.get("items");
  if (explicit) {
    items.all ||= explicit.all;
    explicit.names.forEach((n) => items.names.add(n));
    explicit.children.forEach((sub, n) => items.children.set(n, sub));
  }
  const wanted = items.all || items.names.size > 0 || items.children.size > 0;
  return { own, items: wanted ? items : null };
}
