import { expect, it } from "vitest";
import { processSingleton } from "./process-singleton";

it("makes one value per name for every getter in the process, on first use", () => {
  let made = 0;
  const create = () => ({ serial: ++made });
  const first = processSingleton("process-singleton-test", create);
  const second = processSingleton("process-singleton-test", create);
  expect(made).toBe(0);
  expect(second()).toBe(first());
  expect(made).toBe(1);
  expect(processSingleton("process-singleton-test-other", create)()).not.toBe(first());
});
