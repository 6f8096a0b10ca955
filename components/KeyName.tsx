/** A key as the list and the array page show it: the empty key, which Redis allows, as a visible placeholder. */
export function KeyName({ name }: { name: string }) {
  if (name !== "") return <>{name}</>;
  return <span className="font-sans italic text-slate-600 dark:text-slate-400">(empty key)</span>;
}
