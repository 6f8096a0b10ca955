"use client";
// Set, change or remove the TTL of one or more arrays (EXPIRE / PERSIST).
import { useState } from "react";
import { formatTtl } from "@/lib/client/format";
import { setTtl } from "@/lib/client/key-actions";
import { TTL_UNIT_NAMES, ttlFields, ttlSeconds } from "@/lib/client/ttl-input";
import { Dialog, DialogError, messageOf } from "./Dialog";
import { LabelledSelect } from "./LabelledSelect";
import { buttonClass, inputClass, primaryButtonClass } from "./styles";

interface Props {
  keys: readonly string[];
  /** The TTL now (milliseconds, -1 for none) of the first key: the starting value. */
  currentTtl: number;
  onClose: () => void;
}

export function TtlEditor({ keys, currentTtl, onClose }: Props) {
  const [fields, setFields] = useState(() => ttlFields(currentTtl));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seconds = ttlSeconds(fields.amount, fields.unit);

  const apply = async (to: number | null) => {
    setBusy(true);
    setError(null);
    try {
      for (const key of keys) await setTtl(key, to);
      onClose();
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  const title = keys.length === 1 ? `TTL of ${keys[0]}` : `TTL of ${keys.length} arrays`;
  return (
    <Dialog title={title} onClose={onClose}>
      <p className="mb-3 text-sm text-slate-700 dark:text-slate-300" data-testid="ttl-now">
        {keys.length > 1 ? "The first one " : "It "}
        {currentTtl < 0 ? "has no TTL (kept until deleted)" : `expires in ${formatTtl(currentTtl)}`}
      </p>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (typeof seconds === "number") void apply(seconds);
        }}
      >
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-300">
          Expire in
          <input
            className={`${inputClass} w-28 tabular-nums`}
            inputMode="decimal"
            value={fields.amount}
            onChange={(e) => setFields({ ...fields, amount: e.target.value })}
            aria-invalid={typeof seconds === "string"}
            autoFocus
          />
        </label>
        <LabelledSelect
          layout="stacked"
          label="Unit"
          labelClassName="text-xs font-medium text-slate-600 dark:text-slate-300"
          value={fields.unit}
          options={TTL_UNIT_NAMES}
          onChange={(unit) => setFields({ ...fields, unit })}
        />
        <button type="submit" className={primaryButtonClass} disabled={busy || typeof seconds === "string"}>
          Set TTL
        </button>
        <button type="button" className={buttonClass} disabled={busy} onClick={() => void apply(null)}>
          Remove TTL
        </button>
        <button type="button" className={buttonClass} onClick={onClose}>
          Cancel
        </button>
      </form>
      {typeof seconds === "string" && <p className="mt-2 text-xs text-slate-600 dark:text-slate-300">{seconds}</p>}
      <DialogError error={error} />
    </Dialog>
  );
}
