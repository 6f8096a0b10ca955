// GET /api/health once for the whole page: HealthBanner polls it and the views that
// show where Redis is read the same answers, so a check under way is shared and the
// address, which does not change while the page is open, is asked for once.
import type { Health } from "@/lib/api-types";
import { fetchHealth } from "./api";

let inFlight: Promise<Health> | null = null;
let withAddress: Health | null = null;

/** A fresh answer: joins the check under way, or starts one. Never rejects (fetchHealth reports failures as a Health). */
export function checkHealth(): Promise<Health> {
  inFlight ??= fetchHealth().then((health) => {
    inFlight = null;
    if (health.address) withAddress = health;
    return health;
  });
  return inFlight;
}

/** The last answer that named Redis's address, or a check when none has yet. */
export function healthWithAddress(): Promise<Health> {
  return withAddress ? Promise.resolve(withAddress) : checkHealth();
}
