import { secondaryTextClass } from "./styles";
/** A key as the list and the array page show it: the empty key, which Redis allows, as a visible placeholder. */
export function KeyName({ name }: { name: string }) {
  if (name !== "") return <>{name}</>;
  return <span className={`font-sans italic ${secondaryTextClass}`}>(empty key)</span>;
}
