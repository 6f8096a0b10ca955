// The package ioredis itself uses to map a key to its cluster slot; it ships no types.
declare module "cluster-key-slot" {
  /** The hash slot (0–16383) of a key, honouring a {hash tag}. */
  export default function calculateSlot(key: string | Buffer): number;
}
