// Which arrays are ticked in the browse list: one click toggles a key;
// shift-click sets every key from the last clicked one to this one, in list order.

export interface SelectionClick {
  key: string;
  /** The box's new state. */
  checked: boolean;
  shift: boolean;
}

export function applySelectionClick(selected: ReadonlySet<string>, orderedKeys: readonly string[], anchor: string | null, click: SelectionClick): Set<string> {
  const next = new Set(selected);
  const from = anchor === null ? -1 : orderedKeys.indexOf(anchor);
  const to = orderedKeys.indexOf(click.key);
  const range = click.shift && from >= 0 && to >= 0 ? orderedKeys.slice(Math.min(from, to), Math.max(from, to) + 1) : [click.key];
  for (const key of range) {
    if (click.checked) next.add(key);
    else next.delete(key);
  }
  return next;
}
