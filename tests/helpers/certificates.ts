// TLS material for tests: a throwaway CA and a certificate for 127.0.0.1, made with openssl.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export interface TestCertificates {
  certFile: string;
  keyFile: string;
  /** The CA that signed certFile: what clients must trust (NODE_EXTRA_CA_CERTS for the app). */
  caFile: string;
}

/** Writes ca.crt, node.crt and node.key into `dir`. */
export function makeCertificates(dir: string): TestCertificates {
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "ignore" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl("req", "-x509", ...ec, "-keyout", file("ca.key"), "-out", file("ca.crt"), "-days", "2", "-subj", "/CN=numpy-redis test CA");
  openssl("req", ...ec, "-keyout", file("node.key"), "-out", file("node.csr"), "-subj", "/CN=127.0.0.1");
  writeFileSync(file("san.ext"), "subjectAltName=IP:127.0.0.1\n");
  openssl(
    "x509",
    "-req",
    "-in",
    file("node.csr"),
    "-CA",
    file("ca.crt"),
    "-CAkey",
    file("ca.key"),
    "-CAcreateserial",
    "-out",
    file("node.crt"),
    "-days",
    "2",
    "-extfile",
    file("san.ext"),
  );
  return { certFile: file("node.crt"), keyFile: file("node.key"), caFile: file("ca.crt") };
}
