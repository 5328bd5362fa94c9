import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { runImport } from '@/lib/migration/run-import';
import { SHORT_PHONE_MASK, storedPhone, storedPhoneColumns } from '@/lib/testing/phones';
import { useTestOrm } from '@/lib/testing/test-orm';
import { searchEverythingSchema } from './search.schemas';
import { searchEverything } from './search.service';

let orm: MikroORM;

beforeAll(async () => {
  orm = await useTestOrm();
  const root = mkdtempSync(path.join(os.tmpdir(), 'pend-search-'));
  const { dir } = generateLegacyFolder(root, 'small', 1);
  await runImport(orm.em.fork(), {
    sourceDir: dir,
    backupDir: path.join(root, 'backups'),
    storageDir: path.join(root, 'kyc-storage'),
    context: { source: 'cli', actorLabel: 'vitest' },
  });
}, 120_000);

const search = (role: Parameters<typeof searchEverything>[1], q: string) => searchEverything(orm.em.fork(), role, searchEverythingSchema.parse({ q }));

async function oneUserWithPhone() {
  const [row] = await orm.em.fork().execute<Array<{ identity_hash: string; wallet_address: string; ciphertext: string; key_id: string }>>(
    `SELECT identity_hash, wallet_address, ${storedPhoneColumns('phone')} FROM user_profiles
        WHERE phone_last4_token IS NOT NULL ORDER BY identity_hash LIMIT 1`,
  );
  const phone = storedPhone(row);
  return { ...row, phone, last4: phone.slice(-4) };
}

describe('searchEverything', () => {
  it('finds a user by the last four digits of the phone through its token, showing only the short mask', async () => {
    const user = await oneUserWithPhone();
    const { users } = await search('super_admin', user.last4);
    expect(users.map((hit) => hit.identityHash)).toContain(user.identity_hash);
    // The hit opens the user's page by its opaque id, not by the hash.
    const [{ id }] = await orm.em.fork().execute<Array<{ id: string }>>(`SELECT id FROM identities WHERE identity_hash = ?`, [user.identity_hash]);
    expect(users.find((hit) => hit.identityHash === user.identity_hash)?.id).toBe(id);
    for (const hit of users) {
      expect(hit.phoneMasked).toMatch(SHORT_PHONE_MASK);
      expect(hit.phoneMasked?.endsWith(user.last4.slice(-2))).toBe(true);
    }
  });

  it('finds a user by the country and operator digits and by the whole number', async () => {
    const user = await oneUserWithPhone();
    const byPrefix = await search('super_admin', `${user.phone.slice(0, 3)} ${user.phone.slice(3, 6)}`);
    expect(byPrefix.users.length).toBeGreaterThan(0);
    const byNumber = await search('super_admin', user.phone);
    expect(byNumber.users.map((hit) => hit.identityHash)).toContain(user.identity_hash);
    expect(JSON.stringify(byNumber)).not.toContain(user.phone.slice(3));
  });

  it('finds a user by a wallet-address prefix in any letter case and by an identity-hash prefix', async () => {
    const user = await oneUserWithPhone();
    const byWallet = await search('super_admin', user.wallet_address.slice(0, 12).toUpperCase().replace('0X', '0x'));
    expect(byWallet.users.map((hit) => hit.identityHash)).toContain(user.identity_hash);
    const byHash = await search('super_admin', user.identity_hash.slice(0, 14));
    expect(byHash.users.map((hit) => hit.identityHash)).toEqual([user.identity_hash]);
  });

  it('finds an asset by part of an Arabic title', async () => {
    const [asset] = await orm.em.fork().execute<Array<{ id: string; title: string }>>(`SELECT id, title FROM assets WHERE title ~ '[ء-ي]' LIMIT 1`);
    const arabicWord = asset.title.match(/[ء-ي]{3,}/)![0];
    const { assets } = await search('viewer', arabicWord);
    expect(assets.map((hit) => hit.id)).toContain(asset.id);
  });

  it('finds a KYC application by an identity-hash prefix', async () => {
    const [application] = await orm.em
      .fork()
      .execute<Array<{ identity_hash: string; status: string }>>(`SELECT identity_hash, status FROM kyc_applications ORDER BY identity_hash LIMIT 1`);
    const { kyc } = await search('kyc_verifier', application.identity_hash.slice(0, 16));
    expect(kyc).toContainEqual(expect.objectContaining({ identityHash: application.identity_hash, status: application.status }));
  });

  it('shows a role only the groups it may open: a viewer finds no users or KYC cases, a KYC verifier no assets', async () => {
    const user = await oneUserWithPhone();
    expect(await search('viewer', user.last4)).toEqual({ users: [], assets: [], kyc: [] });
    expect(await search('viewer', user.identity_hash.slice(0, 14))).toEqual({ users: [], assets: [], kyc: [] });
    const [asset] = await orm.em.fork().execute<Array<{ title: string }>>(`SELECT title FROM assets LIMIT 1`);
    expect((await search('kyc_verifier', asset.title)).assets).toEqual([]);
  });

  it('treats a typed % as itself, not as a wildcard', async () => {
    expect((await search('super_admin', '%%')).assets).toEqual([]);
  });
});
