// The array page's live controls and notices: the "Follow changes" toggle,
// what following is doing, a newer version while paused, a failed check
// (the view keeps the last good version), and a key no longer in Redis.
import Link from "next/link";
import { arrayPageUrl } from "@/lib/client/api";
import { removalText, type Removal } from "@/lib/client/live-array";
import type { RefreshFailure } from "@/lib/client/use-followed-array";
import { Checkbox } from "./Checkbox";
import { buttonClass, secondaryTextClass } from "./styles";

interface Props {
  arrayKey: string;
  following: boolean;
  onFollowingChange: (on: boolean) => void;
  connected: boolean;
  updatedAt: Date | null;
  newerAvailable: boolean;
  removal: Removal | null;
  failure: RefreshFailure | null;
  onCheckNow: () => void;
}

const noticeClass = "flex flex-wrap items-center gap-x-3 gap-y-2 rounded-md border px-3 py-2 text-sm";
const warningClass = `${noticeClass} border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100`;
const infoClass = `${noticeClass} border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100`;

function followingText(following: boolean, connected: boolean, updatedAt: Date | null, removed: boolean): string {
  if (!following) return "Paused: the view stays as it is.";
  if (!connected) return "Waiting for the live event stream…";
  if (removed) return "Waiting for the key to be written again.";
  const updated = updatedAt ? ` Last updated at ${updatedAt.toLocaleTimeString()}.` : "";
  return `New versions appear as they are written.${updated}`;
}

export function LiveStatus({ arrayKey, following, onFollowingChange, connected, updatedAt, newerAvailable, removal, failure, onCheckNow }: Props) {
  return (
    <div className="flex flex-col gap-2" data-testid="live-status">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <Checkbox checked={following} onChange={onFollowingChange} className="gap-2 font-medium">
          Follow changes
        </Checkbox>
        <span className={secondaryTextClass} data-testid="follow-state">
          {followingText(following, connected, updatedAt, removal !== null)}
        </span>
      </div>
      {removal && (
        <div role="status" className={warningClass} data-testid="removed-notice">
          <p className="min-w-0 break-words">
            <strong className="break-all">{removalText(arrayKey, removal)}</strong> What you see is the last version loaded, no longer in Redis.
            {following && " If the key is written again, the page shows the new version."}
          </p>
          {removal.how === "renamed" && (
            <Link href={arrayPageUrl(removal.to)} className="font-medium underline underline-offset-2">
              Open {removal.to}
            </Link>
          )}
        </div>
      )}
      {!removal && newerAvailable && (
        <div role="status" className={infoClass} data-testid="newer-notice">
          <p>A newer version was written since this one was loaded.</p>
          <button type="button" className={buttonClass} onClick={onCheckNow}>
            Load it
          </button>
        </div>
      )}
      {failure && (
        <div role="status" className={warningClass} data-testid="refresh-failure">
          <p className="min-w-0 break-words">
            Could not check for a newer version: {failure.message}. The view shows the last version loaded.
            {following && ` Retrying on its own (${failure.failures} ${failure.failures === 1 ? "attempt" : "attempts"} failed).`}
          </p>
          <button type="button" className={buttonClass} onClick={onCheckNow}>
            Retry now
          </button>
        </div>
      )}
    </div>
  );
}
