// An event-stream client that stops reading, with socket buffers of a known size.
//
// A client that merely stops reading is not enough to make the app fall behind: Linux
// grows a socket's receive buffer on its own (tcp_rmem allows up to 32 MiB here), so
// whether a burst overflows it depended on the machine. A receive buffer set before
// connecting turns that growth off, so the app can hand this client at most its own
// send buffer (tcp_wmem, 4 MiB) plus this one before it must hold changes back.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { PYTHON } from "./fixtures";

const RECEIVE_BUFFER_BYTES = 256 * 1024;

const STALLED_CLIENT_SCRIPT = `import http.client, json, socket, sys
host, port, path, receive_buffer = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])

class FixedReceiveBuffer(http.client.HTTPConnection):
    def connect(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        self.sock.connect((self.host, self.port))

connection = FixedReceiveBuffer(host, port)
connection.request("GET", path)
response = connection.getresponse()
print(json.dumps({"status": response.status}), flush=True)
connection.sock.settimeout(float(sys.stdin.readline()))
messages, resync, event = 0, False, None
try:
    for raw in response:
        line = raw.decode("utf-8").rstrip("\\n")
        if line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:") and event is None:
            messages += 1
        elif line == "":
            if event == "resync":
                resync = True
                break
            event = None
except (TimeoutError, socket.timeout, http.client.IncompleteRead):
    pass
print(json.dumps({"messages": messages, "resync": resync}), flush=True)
`;

export interface StalledReading {
  /** Unnamed change messages read before the resync (or before the stream went quiet). */
  messages: number;
  resync: boolean;
}

export interface StalledEventStream {
  /** Reads what was held for this client: up to the first `resync`, or until nothing comes for `quietSeconds`. */
  readUntilResync(quietSeconds: number): Promise<StalledReading>;
  close(): void;
}

/** Opens /api/events and reads nothing past the response head until told. */
export async function openStalledEventStream(url: string): Promise<StalledEventStream> {
  const { hostname, port, pathname, search } = new URL(url);
  const args = [hostname, port, pathname + search, String(RECEIVE_BUFFER_BYTES)];
  const child = spawn(PYTHON, ["-c", STALLED_CLIENT_SCRIPT, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async <T>(): Promise<T> => {
    const line = await lines.next();
    if (line.done) throw new Error(`the stalled event-stream client exited: ${stderr}`);
    return JSON.parse(line.value) as T;
  };
  const { status } = await nextLine<{ status: number }>();
  if (status !== 200) throw new Error(`GET /api/events answered ${status}`);
  return {
    async readUntilResync(quietSeconds) {
      child.stdin.end(`${quietSeconds}\n`);
      return nextLine<StalledReading>();
    },
    close: () => child.kill(),
  };
}
