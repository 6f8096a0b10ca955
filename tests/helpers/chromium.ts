// Debian's Chromium as every browser run here drives it (e2e, benchmarks, screenshots):
// never a downloaded browser, and flags that keep it quiet and offline.
import { chromium, type Browser } from "@playwright/test";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
