import { createHash } from 'node:crypto';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/actor';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import { toAppError } from '@/lib/errors';
import { importLegacyFolder, legacyTestFolder } from '@/lib/legacy-api/testing';
import { ownerEm, randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { buildUserDataPackage } from './user-data-package';

// Named before anything reads the environment (env() parses it once): where the import stores the KYC files.
const folder = legacyTestFolder(72);
process.env.KYC_STORAGE_DIR = path.join(folder.root, 'kyc-storage');

let orm: MikroORM;
let verifier: Actor;
let person: { id: string; hash: string; documents: number; transactions: number };
const em = () => orm.em.fork();
const REASON = 'Data subject access request DSR-2026-114';

beforeAll(async () => {
  orm = await useTestOrm('app');
  await importLegacyFolder(await ownerEm(), folder);
  // A person with stored KYC files, a stored phone and transactions.
  const [row] = await em().execute<Array<{ id: string; identity_hash: string; documents: string; transactions: string }>>(
    `SELECT i.id, i.identity_hash,
            (SELECT count(*) FROM kyc_documents d WHERE d.identity_hash = i.identity_hash AND d.sha256 IS NOT NULL) AS documents,
            (SELECT count(*) FROM transaction_log t WHERE t.identity_hash = i.identity_hash) AS transactions
       FROM identities i
      WHERE EXISTS (SELECT 1 FROM kyc_documents d WHERE d.identity_hash = i.identity_hash AND d.sha256 IS NOT NULL)
        AND EXISTS (SELECT 1 FROM wallet_directory w WHERE w.identity_hash = i.identity_hash AND w.full_phone_encrypted IS NOT NULL)
      ORDER BY 4 DESC, i.identity_hash LIMIT 1`,
  );
  person = { id: row.id, hash: row.identity_hash, documents: Number(row.documents), transactions: Number(row.transactions) };
  const created = await createAdminUser(em(), { email: randomEmail('kyc_verifier'), name: 'Verifier', role: 'kyc_verifier' });
  verifier = { id: created.user.id, email: created.user.email, name: 'Verifier', role: 'kyc_verifier' };
}, 180_000);

async function takePackage(identityId: string, reason = REASON) {
  const started = await buildUserDataPackage(em(), {
    actor: verifier,
    audit: { actorId: verifier.id, actorLabel: verifier.email, source: 'admin-ui' },
    input: { identityId, reason },
  });
  const chunks: Buffer[] = [];
  for await (const chunk of started.body) chunks.push(chunk as Buffer);
  await started.done;
  return { zip: await JSZip.loadAsync(Buffer.concat(chunks)), fileName: started.fileName };
}

describe('user data package', () => {
  it('holds data.json with every record about the person and their KYC files, byte for byte as recorded', async () => {
    const { zip, fileName } = await takePackage(person.id);
    expect(fileName).toMatch(/^user-data-[0-9a-f]{8}-.+\.zip$/);
    const data = JSON.parse(await zip.file('data.json')!.async('string')) as {
      about: { identityHash: string; reason: string; generatedBy: string; kycFiles: Array<{ name: string; sha256: string }> };
      phone: { number: string } | null;
      records: Record<string, Array<Record<string, unknown>>>;
      auditEntries: unknown[];
      dataAccess: Array<{ kind: string; reason: string | null }>;
    };
    expect(data.about).toMatchObject({ identityHash: person.hash, reason: REASON, generatedBy: verifier.email });
    expect(data.phone?.number).toMatch(/^\+?\d{6,15}$/);
    expect(data.records.identities).toHaveLength(1);
    expect(data.records.wallet_directory.length).toBeGreaterThan(0);
    expect(data.records.kyc_applications).toHaveLength(1);
    expect(data.records.transaction_log).toHaveLength(person.transactions);
    // Ciphertexts, blind indexes and search tokens are internal: the phone is given once, in clear.
    const json = JSON.stringify(data.records);
    for (const internal of ['full_phone_encrypted', 'phone_hmac', 'full_phone_prefix_tokens', 'phone_key_id']) expect(json).not.toContain(`"${internal}"`);

    expect(data.about.kycFiles).toHaveLength(person.documents);
    for (const file of data.about.kycFiles) {
      const bytes = await zip.file(file.name)!.async('nodebuffer');
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
    }
    const names = Object.keys(zip.files).filter((name) => !zip.files[name].dir);
    expect(names.sort()).toEqual(['data.json', ...data.about.kycFiles.map((file) => file.name)].sort());
  });

  it('is audited with its reason and hashes, and listed on the person’s access log', async () => {
    const { zip } = await takePackage(person.id, `${REASON} (second copy)`);
    const dataSha256 = createHash('sha256')
      .update(await zip.file('data.json')!.async('nodebuffer'))
      .digest('hex');
    const [event] = await em().execute<Array<{ actor_label: string; new_values: Record<string, unknown> }>>(
      `SELECT actor_label, new_values FROM audit_trail WHERE action = 'USER_DATA_PACKAGE' AND record_id = ? ORDER BY seq DESC LIMIT 1`,
      [person.id],
    );
    expect(event.actor_label).toBe(verifier.email);
    expect(event.new_values).toMatchObject({ reason: `${REASON} (second copy)`, dataSha256 });
    const access = await em().execute<Array<{ kind: string; reason: string }>>(
      `SELECT kind, reason FROM user_data_access WHERE identity_id = ?::uuid AND kind = 'data_package' ORDER BY accessed_at`,
      [person.id],
    );
    expect(access.map((row) => row.reason)).toEqual([REASON, `${REASON} (second copy)`]);
  });

  it('refuses without a reason and for an unknown user', async () => {
    const codeOf = (promise: Promise<unknown>) =>
      promise.then(
        () => 'ok',
        (error: unknown) => toAppError(error)?.code ?? String(error),
      );
    expect(await codeOf(takePackage(person.id, 'short'))).toBe('VALIDATION');
    expect(await codeOf(takePackage(crypto.randomUUID()))).toBe('NOT_FOUND');
  });
});
