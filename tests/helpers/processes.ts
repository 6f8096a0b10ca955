// Child processes the helpers start, killed when the test process exits for any
// reason, so a crashed or interrupted run leaves no servers behind.
import type { ChildProcess } from "node:child_process";

const running = new Set<ChildProcess>();

export function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

function killAll() {
  for (const child of running) child.kill("SIGKILL");
}

process.once("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}
