// A failure told to the reader: role="alert", so a screen reader says it as it
// appears. Given onRetry, it is a red box with a Retry button (a load that can
// be tried again); otherwise a line of red text next to what failed.
import type { ReactNode } from "react";
import { buttonClass, joinClasses } from "./styles";

interface Props {
  children: ReactNode;
  /** For aria-describedby on the field the note is about. */
  id?: string;
  /** Extra classes (spacing, width) from the layout around the note. */
  className?: string;
  onRetry?: () => void;
}

const TEXT_CLASS = "text-sm text-red-700 dark:text-red-300";
const BOX_CLASS =
  "flex flex-wrap items-center gap-x-3 gap-y-2 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200";

export function ErrorNote({ children, id, className, onRetry }: Props) {
  if (!onRetry) {
    return (
      <p role="alert" id={id} className={joinClasses(TEXT_CLASS, className)}>
        {children}
      </p>
    );
  }
  return (
    <div role="alert" id={id} className={joinClasses(BOX_CLASS, className)}>
      <p className="min-w-0 flex-1 break-words">{children}</p>
      <button type="button" className={buttonClass} onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}
