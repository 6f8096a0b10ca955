// Object arrays hold pickled Python objects: this page never unpickles.
import { panelClass, secondaryTextClass } from "./styles";

export function ObjectArrayNotice() {
  return (
    <section className={`${panelClass} p-4 text-sm`} data-testid="object-notice">
      <h2 className="font-semibold">Pickled Python objects: download to load with numpy</h2>
      <p className={`mt-1 ${secondaryTextClass}`}>
        This array holds Python objects, stored by numpy as a pickle. The dashboard does not decode pickles (loading one can run code). Download it to load with
        numpy: <code className="font-mono">np.load(path, allow_pickle=True)</code>, only if you trust where it came from.
      </p>
    </section>
  );
}
