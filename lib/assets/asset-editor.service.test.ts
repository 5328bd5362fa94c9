import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import type { JsonObject } from '@/lib/legacy/canonical-json';
import { assetView } from '@/lib/legacy-api/assets/asset-view';
import { drainOutbox, pendingOutboxCount } from '@/lib/storage/storage-outbox';
import { useTestOrm } from '@/lib/testing/test-orm';
import { assetFormSchema, toChecksumAddress } from './asset-form.schemas';
import { createAssetFromForm, editorOriginal, findAssetRecord, updateAssetFromForm } from './asset-editor.service';
import { MAX_IMAGE_BYTES, processAssetImage, uploadAssetDocument } from './asset-uploads';
import { importGeneratedOpportunities, writeGeneratedOpportunities } from './testing/generated-assets';
import type { StorageMode } from '@/lib/settings/storage-mode';
import { setStorageModeForTest } from '@/lib/testing/storage-mode';

const context = { source: 'admin-ui' as const, actorLabel: 'vitest-asset-editor' };
const NOW = new Date('2026-12-05T12:00:00Z');
let orm: MikroORM;
let root: string;
let dir: string;
let file: string;

const setMode = (mode: StorageMode) => setStorageModeForTest(orm.em.fork(), mode);

const fileRecords = () => (JSON.parse(readFileSync(file, 'utf8')) as { opportunities: JsonObject[] }).opportunities;
const options = () => ({ context, sourceDir: dir, now: NOW });

/** The wizard's post, every field a string as FormData carries it; `overrides` replace single fields. */
function formPost(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    intent: 'publish',
    type: 'investment',
    title: 'Solar farm Aswan',
    description: 'A 40 MW solar farm near Aswan, leased to the national grid operator for 25 years.',
    category: 'Energy',
    location: 'Aswan, Egypt',
    tokenSymbol: 'SOLAR1',
    tokenPrice: '100',
    maxSupply: '50000',
    minimumInvestment: '500',
    expectedROI: '12.5',
    lockupPeriod: '365',
    deadline: '2027-06-30',
    minTierRequired: '2',
    contractAddress: '',
    legalDocuments: '',
    contactFormat: 'email',
    contactValue: 'ir@solar.example',
    managerName: 'Nile Capital',
    managerVerified: 'on',
    ...overrides,
  };
}

async function lastCreateEvent(key: string) {
  const [event] = await orm.em
    .fork()
    .execute<Array<{ actor_label: string; new_values: { mode: string; totals: { created: number } } }>>(
      `SELECT actor_label, new_values FROM audit_trail WHERE action = 'LEGACY_WRITE' AND table_name = 'assets' AND record_id = ? ORDER BY seq DESC LIMIT 1`,
      [key],
    );
  return event;
}

beforeAll(async () => {
  orm = await useTestOrm();
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-asset-editor-'));
  dir = path.join(root, 'legacy');
  file = writeGeneratedOpportunities(dir, 3);
  await setMode('json-primary');
  await importGeneratedOpportunities(orm.em.fork(), { root, dir, context });
});

afterAll(() => setMode('json-primary'));

describe('createAssetFromForm', () => {
  it('json-primary: appends the new record to the legacy file, syncs only it into PostgreSQL before returning, and audits the create', async () => {
    await setMode('json-primary');
    const { id, key } = await createAssetFromForm(orm.em.fork(), formPost(), options());
    const records = fileRecords();
    expect(records.at(-1)).toMatchObject({
      id: key,
      title: 'Solar farm Aswan',
      status: 'active',
      tokenPrice: 100,
      assetManagerProfile: { name: 'Nile Capital', verified: true },
    });
    expect(key).toBe(`opp_${NOW.getTime()}`);
    const stored = await findAssetRecord(orm.em.fork(), { id });
    expect(stored?.record).toEqual(records.at(-1));
    expect(stored?.provenance.legacyPosition).toBe(records.length - 1);
    expect(await lastCreateEvent(key)).toMatchObject({ actor_label: 'vitest-asset-editor', new_values: { mode: 'json-primary', totals: { created: 1 } } });
    const [sync] = await orm.em
      .fork()
      .execute(`SELECT r.options, s.state FROM migration_source_state s JOIN migration_runs r ON r.id = s.last_run_id WHERE s.source = 'admin-opportunities'`);
    expect(sync).toMatchObject({ options: { changedRecords: 1 }, state: 'validated' });
  });

  it('json-primary: a second create in the same millisecond gets the next free opp_<ms> id', async () => {
    const { key } = await createAssetFromForm(orm.em.fork(), formPost({ intent: 'draft', title: 'Second in the same ms' }), options());
    expect(key).toBe(`opp_${NOW.getTime() + 1}`);
    expect(fileRecords().at(-1)).toMatchObject({ id: key, status: 'draft' });
  });

  it('pg-primary: inserts the row as the import would store it, queues the mirror, and the mirrored file holds the record', async () => {
    await setMode('pg-primary');
    const pending = await pendingOutboxCount(orm.em.fork());
    const { id, key } = await createAssetFromForm(orm.em.fork(), formPost({ intent: 'draft', title: 'Drafted in pg-primary', description: '' }), {
      ...options(),
      now: new Date(NOW.getTime() + 60_000),
    });
    const stored = await findAssetRecord(orm.em.fork(), { id });
    expect(stored?.record).toMatchObject({ id: key, title: 'Drafted in pg-primary', status: 'draft', totalInvested: 0 });
    expect(stored?.record).not.toHaveProperty('description');
    expect(await pendingOutboxCount(orm.em.fork())).toBe(pending + 1);
    expect(await lastCreateEvent(key)).toMatchObject({ new_values: { mode: 'pg-primary', totals: { created: 1 } } });
    await drainOutbox(orm.em.fork(), { sourceDir: dir });
    expect(fileRecords().at(-1)).toEqual(stored?.record);
    await setMode('json-primary');
  });

  it('a draft needs only a valid title; publishing the same input names every missing field', async () => {
    const sparse = { type: '', description: '', category: '', tokenSymbol: '', tokenPrice: '', maxSupply: '', minimumInvestment: '', deadline: '' };
    const sparseContact = { contactFormat: '', contactValue: '', minTierRequired: '' };
    await expect(createAssetFromForm(orm.em.fork(), formPost({ intent: 'draft', ...sparse, ...sparseContact }), options())).resolves.toHaveProperty('key');
    const refused = createAssetFromForm(orm.em.fork(), formPost({ ...sparse, ...sparseContact }), options());
    await expect(refused).rejects.toBeInstanceOf(AppError);
    const error = (await refused.catch((caught: unknown) => caught)) as AppError;
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(
      [
        'category',
        'contactFormat',
        'contactValue',
        'deadline',
        'description',
        'minTierRequired',
        'minimumInvestment',
        'tokenPrice',
        'tokenSymbol',
        'type',
      ].sort(),
    );
  });

  it('refuses a past deadline for a new asset, a missing soft cap for an interest-only one, and a contract address a live asset holds', async () => {
    const pastDeadline = createAssetFromForm(orm.em.fork(), formPost({ deadline: '2026-12-05' }), options());
    await expect(pastDeadline).rejects.toMatchObject({ fieldErrors: { deadline: ['Deadline must be in the future.'] } });
    const interest = createAssetFromForm(orm.em.fork(), formPost({ type: 'interest', maxSupply: '' }), options());
    await expect(interest).rejects.toMatchObject({ fieldErrors: { softCap: ['Soft cap (interested users) is required for an interest-only asset.'] } });
    // Generated opportunity 1 is active and holds 0x…01.
    const taken = toChecksumAddress(`0x${'1'.padStart(40, '0')}`);
    const duplicate = createAssetFromForm(orm.em.fork(), formPost({ contractAddress: taken }), options());
    await expect(duplicate).rejects.toMatchObject({ fieldErrors: { contractAddress: [expect.stringContaining('already used by the live asset “Asset 1”')] } });
  });
});

describe('assetFormSchema messages', () => {
  it('names each broken field with its rule', () => {
    const parsed = assetFormSchema.safeParse({
      intent: 'publish',
      title: 'ab',
      description: 'Too short',
      tokenSymbol: 'solar',
      tokenPrice: '0',
      minimumInvestment: '-5',
      minTierRequired: '6',
      contractAddress: '0x52908400098527886e0f7030069857d2e4169ee7',
      maxSupply: '1.5',
      legalDocuments: '',
      managerVerified: '',
      managerPartner: '',
    });
    expect(parsed.success).toBe(false);
    const errors = parsed.error!.flatten().fieldErrors as Record<string, string[]>;
    expect(errors.title).toEqual(['Title must be at least 3 characters.']);
    expect(errors.description).toEqual(['Description must be at least 50 characters.']);
    expect(errors.tokenSymbol?.[0]).toMatch(/^Token symbol must be 2–10 upper-case/);
    expect(errors.tokenPrice).toEqual(['Token price must be more than 0.']);
    expect(errors.minimumInvestment).toEqual(['Minimum investment must be a number, like 1250 or 12.5.']);
    expect(errors.minTierRequired).toEqual(['Minimum tier must be a whole number from 0 to 5.']);
    expect(errors.maxSupply).toEqual(['Maximum supply must be a whole number.']);
    expect(errors.contractAddress).toEqual([
      'Contract address is not checksummed (EIP-55); its checksummed form is 0x52908400098527886E0F7030069857D2E4169EE7.',
    ]);
  });

  it('names every broken field in one answer: field rules and cross-field rules together', async () => {
    const refused = createAssetFromForm(
      orm.em.fork(),
      formPost({ title: 'ab', tokenPrice: '0', deadline: '2020-01-01', contactFormat: 'whatsapp', contactValue: 'call me', category: '' }),
      options(),
    );
    const error = (await refused.catch((caught: unknown) => caught)) as AppError;
    expect(error.fieldErrors).toEqual({
      title: ['Title must be at least 3 characters.'],
      tokenPrice: ['Token price must be more than 0.'],
      deadline: ['Deadline must be in the future.'],
      contactValue: ['Contact must be a WhatsApp number in international form, like +201001234567.'],
      category: ['Category is required to publish.'],
    });
  });

  it('checks the contact against its format', async () => {
    const whatsapp = createAssetFromForm(orm.em.fork(), formPost({ contactFormat: 'whatsapp', contactValue: 'call me' }), options());
    await expect(whatsapp).rejects.toMatchObject({ fieldErrors: { contactValue: [expect.stringContaining('WhatsApp number in international form')] } });
    const email = createAssetFromForm(orm.em.fork(), formPost({ contactFormat: 'email', contactValue: 'not-an-address' }), options());
    await expect(email).rejects.toMatchObject({ fieldErrors: { contactValue: ['Contact must be an e-mail address, like ir@example.com.'] } });
  });
});

describe('updateAssetFromForm', () => {
  it('a stale edit writes nothing and names the fields someone else changed, with their value and yours', async () => {
    const { id, key } = await createAssetFromForm(orm.em.fork(), formPost({ title: 'Loaded by both' }), {
      ...options(),
      now: new Date(NOW.getTime() + 120_000),
    });
    const loaded = editorOriginal((await findAssetRecord(orm.em.fork(), { id }))!.record);
    const first = await updateAssetFromForm(
      orm.em.fork(),
      { key, original: loaded, raw: formPost({ intent: 'save', title: 'Renamed by the first admin' }) },
      options(),
    );
    expect(first).toEqual({ kind: 'saved', changed: ['title'] });
    const second = await updateAssetFromForm(
      orm.em.fork(),
      { key, original: loaded, raw: formPost({ intent: 'save', title: 'Renamed by the second admin', location: 'Luxor' }) },
      options(),
    );
    expect(second).toMatchObject({
      kind: 'conflict',
      fields: [{ field: 'title', label: 'Title', theirs: 'Renamed by the first admin', yours: 'Renamed by the second admin', yoursChanged: true }],
    });
    expect(fileRecords().find((record) => record.id === key)).toMatchObject({ title: 'Renamed by the first admin', location: 'Aswan, Egypt' });
    // Re-applying from what is stored now succeeds.
    const reapplied = await updateAssetFromForm(
      orm.em.fork(),
      {
        key,
        original: second.kind === 'conflict' ? second.current : {},
        raw: formPost({ intent: 'save', title: 'Renamed by the second admin', location: 'Luxor' }),
      },
      options(),
    );
    expect(reapplied).toEqual({ kind: 'saved', changed: ['title', 'location'] });
  });

  it('markup and injection strings in every text field are stored verbatim and the legacy view returns them unchanged', async () => {
    const payload = `<script>alert(1)</script><img src=x onerror=alert(2)>'; DROP TABLE assets; --`;
    const { id } = await createAssetFromForm(
      orm.em.fork(),
      formPost({
        intent: 'draft',
        title: payload.slice(0, 100),
        description: `${payload} ${payload}`,
        category: payload,
        location: payload,
        sector: payload,
        roiModel: payload,
        impact: payload,
        jurisdiction: payload,
        spvName: payload,
        custodyType: payload,
        highlights: payload,
        managerName: payload,
        managerTitle: payload,
        managerBio: payload,
      }),
      { ...options(), now: new Date(NOW.getTime() + 180_000) },
    );
    const record = (await findAssetRecord(orm.em.fork(), { id }))!.record;
    const view = assetView(record);
    expect(view.title).toBe(payload.slice(0, 100));
    expect(record).toMatchObject({ category: payload, location: payload, jurisdiction: payload, impact: payload, highlights: [payload] });
    expect(JSON.stringify(view)).toContain(JSON.stringify(payload).slice(1, -1));
  });
});

describe('asset uploads', () => {
  const upload = { em: undefined as never, audit: context };

  it('refuses a PNG renamed .pdf as a legal document, by its content', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    await expect(uploadAssetDocument(upload, { name: 'prospectus.pdf', bytes: png })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'The file is not a PDF (checked by its content, not its name).',
    });
  });

  it('refuses an image over 5 MB before decoding it', async () => {
    const oversize = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(MAX_IMAGE_BYTES)]);
    await expect(processAssetImage(oversize)).rejects.toMatchObject({ code: 'VALIDATION', message: 'The image is larger than 5 MB.' });
  });

  it('refuses a document over 20 MB', async () => {
    const oversize = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(20 * 1024 * 1024)]);
    await expect(uploadAssetDocument(upload, { name: 'big.pdf', bytes: oversize })).rejects.toMatchObject({ message: 'The document is larger than 20 MB.' });
  });

  it('re-encodes a JPEG without its EXIF (GPS included) and makes a WebP thumbnail', async () => {
    const withExif = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#aa7744' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'Spy camera', Artist: 'Someone at home' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 2/1 0/1' } })
      .toBuffer();
    expect((await sharp(withExif).metadata()).exif).toBeDefined();
    const processed = await processAssetImage(withExif);
    const metadata = await sharp(processed.image).metadata();
    expect(metadata.format).toBe('jpeg');
    expect(metadata.exif).toBeUndefined();
    expect(processed.image.includes(Buffer.from('Spy camera'))).toBe(false);
    expect(await sharp(processed.thumbnail).metadata()).toMatchObject({ format: 'webp', width: 480, height: 320 });
  });

  it('refuses a text file named .jpg', async () => {
    await expect(processAssetImage(Buffer.from('<svg onload=alert(1)>'))).rejects.toMatchObject({
      message: 'The file is not a JPEG, PNG or WebP image (checked by its content, not its name).',
    });
  });
});
