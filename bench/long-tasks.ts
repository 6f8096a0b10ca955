// Main-thread tasks over 50 ms, as the browser reports them: installed with
// page.addInitScript before any page script, read from window.__longTasks.

export interface LongTask {
  start: number;
  duration: number;
}

/** Runs in the page: records every long task of the visit into window.__longTasks. */
export function observeLongTasks(): void {
  const w = window as unknown as { __longTasks: LongTask[] };
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
}
