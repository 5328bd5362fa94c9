import { randomBytes, randomInt } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestOrm } from '@/lib/testing/test-orm';
import { findAssetActivity } from './asset-page.repository';

const hex = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}`;
const contract = hex(20);
const knownWallet = hex(20);
const unknownWallet = hex(20);
const identityHash = hex(32);
let orm: MikroORM;
let identityId: string;

beforeAll(async () => {
  orm = await useTestOrm('owner');
  await orm.em.fork().transactional(async (tx) => {
    // As the migration owner on the bulk-load path: fixtures, not audited edits.
    await tx.execute(`SET LOCAL pend.bulk_load = on`);
    await tx.execute(`INSERT INTO identities (identity_hash, in_wallet_directory) VALUES (?, true)`, [identityHash]);
    // The directory keeps the address as the legacy file spelled it (mixed case); the chain has it in lower case.
    await tx.execute(
      `INSERT INTO wallet_directory (legacy_key, legacy_position, legacy_hash, wallet_address, identity_hash) VALUES (?, ?, md5(?) || md5(?), ?, ?)`,
      [knownWallet, randomInt(1_000_000_000, 2_000_000_000), knownWallet, knownWallet, `0x${knownWallet.slice(2).toUpperCase()}`, identityHash],
    );
    for (const [from, value] of [
      [knownWallet, '5'],
      [knownWallet, '7'],
      [unknownWallet, '100'],
    ] as const) {
      const txHash = hex(32);
      await tx.execute(
        `INSERT INTO chain_transactions (legacy_key, legacy_position, legacy_hash, tx_hash, from_address, to_address, value_wei) VALUES (?, ?, md5(?) || md5(?), ?, ?, ?, ?)`,
        [txHash, randomInt(1_000_000_000, 2_000_000_000), txHash, txHash, txHash, from, contract, value],
      );
    }
  });
  [{ id: identityId }] = await orm.em.fork().execute<Array<{ id: string }>>(`SELECT id FROM identities WHERE identity_hash = ?`, [identityHash]);
});

describe('findAssetActivity', () => {
  it('lists the wallets that sent value to the contract, largest first, each linked to its user page when the wallet directory knows the wallet', async () => {
    const activity = await findAssetActivity(orm.em.fork(), contract.toUpperCase().replace('0X', '0x'), {});
    expect(activity).not.toBe('invalid-page');
    expect(activity && activity !== 'invalid-page' ? activity.investors : null).toEqual([
      { address: unknownWallet, transactions: 1, valueWei: '100', lastAt: null, userId: null },
      { address: knownWallet, transactions: 2, valueWei: '12', lastAt: null, userId: identityId },
    ]);
  });

  it('says there is no activity for an asset without a valid contract address', async () => {
    expect(await findAssetActivity(orm.em.fork(), null, {})).toBeNull();
    expect(await findAssetActivity(orm.em.fork(), 'not-an-address', {})).toBeNull();
  });
});
