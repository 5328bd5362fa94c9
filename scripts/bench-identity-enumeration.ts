// npm run bench:identity-enumeration [-- --seconds 5] – how fast an identity hash is reversed by trying phone numbers
import { createHash } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { identityHashOf } from '@/lib/legacy-api/phone';

/**
 * An identity hash is keccak-256 of the phone's text (lib/legacy-api/phone.ts), unkeyed: whoever holds one
 * tries numbers until one hashes to it. This measures the rate on this machine, one thread, for the legacy
 * derivation itself and two native hashes (OpenSSL's SHA3-256 runs the same Keccak permutation, so it stands
 * for a native keccak; SHA-256 is the directory's `phoneHash`), then the time to search the spaces that
 * matter: one country's mobile numbers (10^8–10^9) and what a mask leaves unknown (10^4 with four hidden
 * digits, 10^2 with two). Finally it reverses a real hash behind the legacy mask (`+2010123****`).
 */

type Rate = { label: string; hashesPerSecond: number };

function measure(label: string, seconds: number, hashOnce: (phone: string) => unknown): Rate {
  const deadline = performance.now() + seconds * 1000;
  let tried = 0;
  let candidate = 10_000_000;
  const started = performance.now();
  while (performance.now() < deadline) {
    // A batch between clock reads, so the clock does not dominate.
    for (let index = 0; index < 1_000; index += 1) hashOnce(`+2010${candidate++}`);
    tried += 1_000;
  }
  return { label, hashesPerSecond: tried / ((performance.now() - started) / 1000) };
}

function duration(seconds: number): string {
  if (seconds < 1) return `${(seconds * 1000).toFixed(1)} ms`;
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  if (seconds < 7_200) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 172_800) return `${(seconds / 3_600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}

/** Reverses the identity hash of a number whose legacy mask shows all but its last four digits. */
function reverseBehindLegacyMask(): { phone: string; tried: number; seconds: number } {
  const secret = `+2010123${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
  const target = identityHashOf(secret);
  const mask = `${secret.slice(0, 8)}****`;
  const started = performance.now();
  for (let guess = 0; guess < 10_000; guess += 1) {
    const phone = `${mask.slice(0, 8)}${String(guess).padStart(4, '0')}`;
    if (identityHashOf(phone) === target) return { phone, tried: guess + 1, seconds: (performance.now() - started) / 1000 };
  }
  throw new Error('the enumeration missed the number');
}

function main(): void {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' } } });
  const seconds = Number(values.seconds);
  console.log(`identity-hash enumeration on ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores), one thread, ${seconds} s per hash`);
  const rates = [
    measure('keccak-256, as the legacy code derives it (@noble/hashes)', seconds, identityHashOf),
    measure('sha3-256, native OpenSSL (same Keccak permutation)', seconds, (phone) => createHash('sha3-256').update(phone).digest()),
    measure('sha256, native (the directory phoneHash)', seconds, (phone) => createHash('sha256').update(phone).digest()),
  ];
  const spaces = [
    { label: '10^9 (a country with 9 free digits)', size: 1e9 },
    { label: '10^8 (one operator prefix, 8 free digits)', size: 1e8 },
    { label: '10^4 (legacy mask: last four hidden)', size: 1e4 },
    { label: '10^2 (short mask: two hidden digits)', size: 1e2 },
  ];
  for (const rate of rates) {
    console.log(`\n${rate.label}: ${Math.round(rate.hashesPerSecond).toLocaleString('en-US')} hashes/s`);
    for (const space of spaces) {
      const worst = space.size / rate.hashesPerSecond;
      console.log(`  ${space.label.padEnd(44)} worst ${duration(worst).padStart(10)}   all ${os.cpus().length} cores ${duration(worst / os.cpus().length)}`);
    }
  }
  const reversed = reverseBehindLegacyMask();
  console.log(
    `\nreversed ${reversed.phone.slice(0, 8)}**** → ${reversed.phone} from its identity hash in ${duration(reversed.seconds)} (${reversed.tried} guesses)`,
  );
}

main();
