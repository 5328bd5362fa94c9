// scripts/lib/peer-address.mjs is imported only for its effect (patching node:http); it exports nothing.
export {};
