'use client';

import { CircleAlertIcon, FileTextIcon, ImageIcon, Loader2Icon, RefreshCwIcon, Trash2Icon } from 'lucide-react';
import Image from 'next/image';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useRef, useState, startTransition, type ChangeEvent, type ReactNode } from 'react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Checkbox } from '@/components/ui/checkbox';
import { FieldError } from '@/components/ui/field-error';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { Textarea } from '@/components/ui/textarea';
import type { ActionState } from '@/lib/action';
import { ASSET_FORM_FIELDS, ASSET_WIZARD_STEPS, type AssetFormField, type AssetFormValues, type AssetWizardStep } from '@/lib/assets/asset-form.fields';
import { cn } from '@/lib/utils';
import { createAssetAction, updateAssetAction, type AssetConflict } from './actions';

type Intent = 'draft' | 'publish' | 'save';
// An image this app stored (and serves); a legacy reference elsewhere is shown as text on the asset page.
const STORED_IMAGE = /^uploads\/assets\/[A-Za-z0-9_-]+\.(jpg|png|webp)$/;
type LegalDocument = { name: string; type: string; size: number; url: string };
type WizardResult = ActionState<{ id: string; conflict?: AssetConflict }>;

type WizardProps =
  | { mode: 'create'; initial: AssetFormValues }
  | { mode: 'edit'; id: string; title: string; status: string; initial: AssetFormValues; original: Record<string, unknown> };

const action = (previous: WizardResult | undefined, formData: FormData) =>
  formData.has('id') ? updateAssetAction(previous, formData) : createAssetAction(previous, formData as FormData);

/** Which step each posted field's error belongs on (the manager profile's inputs post as `manager*`). */
function stepOf(field: string): AssetWizardStep {
  if (field.startsWith('manager')) return 'manager';
  return field in ASSET_FORM_FIELDS ? ASSET_FORM_FIELDS[field as AssetFormField].step : 'basic';
}

function labelOf(field: string): string {
  const manager: Record<string, string> = { managerName: 'Manager name', managerTitle: 'Manager title', managerBio: 'Manager bio' };
  return manager[field] ?? (field in ASSET_FORM_FIELDS ? ASSET_FORM_FIELDS[field as AssetFormField].label : field);
}

function parseDocuments(text: string): LegalDocument[] {
  if (!text) return [];
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? (parsed as LegalDocument[]) : [];
  } catch {
    return [];
  }
}

const showValue = (value: unknown) =>
  value === null || value === undefined || value === '' ? '(empty)' : typeof value === 'string' ? value : JSON.stringify(value);

/**
 * The legacy wizard's five steps over one set of values: the server checks everything (per-field
 * messages), a draft may be saved from any step, and publishing (or saving a live asset) from the
 * review. An edit carries the values it loaded, so a stale save comes back as a conflict to resolve.
 */
export function AssetWizard(props: WizardProps) {
  const router = useRouter();
  const [values, setValues] = useState<AssetFormValues>(props.initial);
  const [original, setOriginal] = useState(props.mode === 'edit' ? props.original : null);
  const [stepIndex, setStepIndex] = useState(0);
  const [state, dispatch, pending] = useActionState<WizardResult | undefined, FormData>(action, undefined);
  const [preview, setPreview] = useState<string | null>(null);
  const [uploading, setUploading] = useState<'image' | 'document' | null>(null);
  const [uploadErrors, setUploadErrors] = useState<{ image?: string; legalDocuments?: string }>({});
  const headingRef = useRef<HTMLHeadingElement>(null);
  const step = ASSET_WIZARD_STEPS[stepIndex];
  const isDraft = props.mode === 'create' || props.status.toLowerCase() === 'draft';
  const errors = state?.ok ? {} : (state?.fieldErrors ?? {});
  const conflict = state?.ok ? undefined : state?.data?.conflict;

  // After a refused save, open the first step holding an error (adjusted while rendering the new result).
  const [shownState, setShownState] = useState(state);
  if (state !== shownState) {
    setShownState(state);
    const firstStep = Object.keys((!state?.ok && state?.fieldErrors) || {})
      .map(stepOf)
      .map((id) => ASSET_WIZARD_STEPS.findIndex((candidate) => candidate.id === id))
      .sort((a, b) => a - b)[0];
    if (firstStep !== undefined) setStepIndex(firstStep);
  }

  useEffect(() => {
    if (state?.ok && state.data) router.push(`/assets/${state.data.id}`);
  }, [state, router]);

  useEffect(() => () => (preview ? URL.revokeObjectURL(preview) : undefined), [preview]);

  const set = (field: keyof AssetFormValues) => (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  const goTo = (index: number) => {
    setStepIndex(index);
    requestAnimationFrame(() => headingRef.current?.focus());
  };

  function submit(intent: Intent, from: Record<string, unknown> | null = original) {
    const formData = new FormData();
    for (const [field, value] of Object.entries(values)) formData.set(field, value);
    formData.set('intent', intent);
    if (props.mode === 'edit') {
      formData.set('id', props.id);
      formData.set('original', JSON.stringify(from));
    }
    startTransition(() => dispatch(formData));
  }

  async function upload(kind: 'image' | 'document', event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const errorField = kind === 'image' ? 'image' : 'legalDocuments';
    setUploading(kind);
    setUploadErrors((current) => ({ ...current, [errorField]: undefined }));
    try {
      const body = new FormData();
      body.set('kind', kind);
      body.set('file', file);
      const response = await fetch('/api/asset-uploads', { method: 'POST', body });
      const result = (await response.json()) as { error?: string; image?: string; thumbnailId?: string } & Partial<LegalDocument>;
      if (!response.ok) {
        setUploadErrors((current) => ({ ...current, [errorField]: result.error ?? 'The upload failed.' }));
        return;
      }
      if (kind === 'image') {
        setValues((current) => ({ ...current, image: result.image ?? '', thumbnailId: result.thumbnailId ?? '' }));
        setPreview(URL.createObjectURL(file));
      } else {
        const document = { name: result.name!, type: result.type!, size: result.size!, url: result.url! };
        setValues((current) => ({ ...current, legalDocuments: JSON.stringify([...parseDocuments(current.legalDocuments), document]) }));
      }
    } catch {
      setUploadErrors((current) => ({ ...current, [errorField]: 'The upload did not reach the server; check the connection and try again.' }));
    } finally {
      setUploading(null);
    }
  }

  const field = (name: keyof AssetFormValues, label: string, control: ReactNode, hint?: ReactNode) => (
    <FormField id={`asset-${name}`} label={label} errors={errors[name]} hint={hint}>
      {control as React.ReactElement}
    </FormField>
  );
  const text = (name: keyof AssetFormValues, label: string, hint?: string) =>
    field(name, label, <Input name={name} value={values[name]} onChange={set(name)} dir="auto" />, hint);
  const documents = parseDocuments(values.legalDocuments);
  const errorEntries = Object.entries(errors).filter(([, messages]) => messages?.length);

  return (
    <div className="grid gap-6">
      <nav aria-label="Wizard steps">
        <ol className="flex flex-wrap gap-2">
          {ASSET_WIZARD_STEPS.map((candidate, index) => {
            const stepErrors = Object.keys(errors).filter((name) => stepOf(name) === candidate.id).length;
            return (
              <li key={candidate.id}>
                <Button
                  type="button"
                  variant={index === stepIndex ? 'default' : 'outline'}
                  size="sm"
                  aria-current={index === stepIndex ? 'step' : undefined}
                  onClick={() => goTo(index)}
                >
                  <span aria-hidden>{index + 1}.</span> {candidate.title}
                  {candidate.id !== 'review' && stepErrors > 0 && <span className="sr-only"> ({stepErrors} to fix)</span>}
                  {candidate.id !== 'review' && stepErrors > 0 && <CircleAlertIcon aria-hidden className="text-destructive" />}
                </Button>
              </li>
            );
          })}
        </ol>
      </nav>

      {conflict && (
        <Alert role="alert" variant="warning" data-testid="asset-conflict">
          <CircleAlertIcon aria-hidden />
          <AlertTitle>Someone else saved this asset while you were editing it</AlertTitle>
          <AlertDescription className="grid gap-3 text-foreground">
            <p>Nothing was saved. These fields changed since you opened the asset:</p>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead scope="col">Field</TableHead>
                  <TableHead scope="col">Theirs (saved now)</TableHead>
                  <TableHead scope="col">Yours</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {conflict.fields.map((change) => (
                  <TableRow key={change.field}>
                    <TableHead scope="row">{change.label}</TableHead>
                    <TableCell dir="auto" className="break-all whitespace-pre-wrap">
                      {showValue(change.theirs)}
                    </TableCell>
                    <TableCell dir="auto" className="break-all whitespace-pre-wrap">
                      {showValue(change.yours)}
                      {!change.yoursChanged && <span className="text-muted-foreground"> (you did not change it)</span>}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <div className="flex flex-wrap gap-2">
              <Button type="button" variant="outline" onClick={() => router.push(`/assets/${props.mode === 'edit' ? props.id : ''}/edit?reload=${Date.now()}`)}>
                <RefreshCwIcon aria-hidden /> Reload theirs (discard my changes)
              </Button>
              <Button
                type="button"
                disabled={pending}
                onClick={() => {
                  setOriginal(conflict.current);
                  submit(isDraft ? 'draft' : 'save', conflict.current);
                }}
              >
                Re-apply my changes over theirs
              </Button>
            </div>
          </AlertDescription>
        </Alert>
      )}

      {!conflict && errorEntries.length > 0 && (
        <Alert role="alert" variant="destructive" data-testid="asset-errors">
          <CircleAlertIcon aria-hidden />
          <AlertTitle>{state?.message ?? 'Some fields need attention.'}</AlertTitle>
          <AlertDescription className="text-foreground">
            <ul className="list-disc pl-5">
              {errorEntries.map(([name, messages]) => (
                <li key={name}>
                  <button
                    type="button"
                    className="text-left underline-offset-4 hover:underline"
                    onClick={() => goTo(ASSET_WIZARD_STEPS.findIndex((candidate) => candidate.id === stepOf(name)))}
                  >
                    {labelOf(name)}: {messages?.join(' ')}
                  </button>
                </li>
              ))}
            </ul>
          </AlertDescription>
        </Alert>
      )}
      {!conflict && errorEntries.length === 0 && <FormMessage state={state?.ok ? undefined : state} />}

      <Card>
        <CardHeader>
          <CardTitle>
            <span ref={headingRef} tabIndex={-1} className="outline-none">
              Step {stepIndex + 1} of {ASSET_WIZARD_STEPS.length}: {step.title}
            </span>
          </CardTitle>
        </CardHeader>
        <CardContent>
          <form
            noValidate
            className="grid gap-5"
            onSubmit={(event) => {
              event.preventDefault();
              if (stepIndex < ASSET_WIZARD_STEPS.length - 1) goTo(stepIndex + 1);
            }}
          >
            {step.id === 'basic' && (
              <div className="grid gap-5 md:grid-cols-2">
                {field(
                  'type',
                  'Type',
                  <NativeSelect name="type" value={values.type} onChange={set('type')} className="w-full">
                    <option value="">Choose…</option>
                    <option value="investment">Investment (tokens are sold)</option>
                    <option value="interest">Interest only (collects interested users)</option>
                  </NativeSelect>,
                )}
                {text('title', 'Title', '3–100 characters.')}
                <div className="md:col-span-2">
                  {field(
                    'description',
                    'Description',
                    <Textarea name="description" value={values.description} onChange={set('description')} dir="auto" rows={5} />,
                    `50–2,000 characters (${values.description.trim().length} now).`,
                  )}
                </div>
                {text('category', 'Category')}
                {text('location', 'Location')}
                {text('sector', 'Sector')}
                {field(
                  'highlights',
                  'Highlights',
                  <Textarea name="highlights" value={values.highlights} onChange={set('highlights')} dir="auto" rows={3} />,
                  'One per line.',
                )}
                <div className="grid gap-2 md:col-span-2">
                  <Label htmlFor="asset-image-file">Image</Label>
                  <div className="flex flex-wrap items-center gap-4">
                    {preview || (props.mode === 'edit' && STORED_IMAGE.test(values.image)) ? (
                      <Image
                        src={preview ?? `/assets/${props.mode === 'edit' ? props.id : ''}/image?size=thumbnail`}
                        alt="The asset's image"
                        width={240}
                        height={160}
                        unoptimized
                        className="h-40 w-60 rounded-md border object-cover"
                      />
                    ) : (
                      <div className="flex h-40 w-60 items-center justify-center rounded-md border border-dashed text-muted-foreground">
                        <ImageIcon aria-hidden className="size-8" />
                        <span className="sr-only">No image yet</span>
                      </div>
                    )}
                    <div className="grid gap-2">
                      <Input
                        id="asset-image-file"
                        type="file"
                        accept="image/jpeg,image/png,image/webp"
                        onChange={(event) => void upload('image', event)}
                        aria-describedby="asset-image-hint asset-image-error"
                        aria-invalid={uploadErrors.image || errors.image ? true : undefined}
                        disabled={uploading !== null}
                      />
                      <p id="asset-image-hint" className="text-sm text-muted-foreground">
                        JPEG, PNG or WebP, at most 5 MB. Metadata (camera, location) is removed and a thumbnail made.
                      </p>
                      {uploading === 'image' && (
                        <p role="status" className="flex items-center gap-2 text-sm">
                          <Loader2Icon aria-hidden className="size-4 animate-spin" /> Uploading the image…
                        </p>
                      )}
                      {values.image && !uploading && <p className="text-sm text-success">Image stored as {values.image}.</p>}
                      <FieldError id="asset-image-error" errors={uploadErrors.image ? [uploadErrors.image] : errors.image} />
                    </div>
                  </div>
                </div>
              </div>
            )}

            {step.id === 'investment' && (
              <div className="grid gap-5 md:grid-cols-2">
                {field(
                  'tokenSymbol',
                  'Token symbol',
                  <Input name="tokenSymbol" value={values.tokenSymbol} onChange={set('tokenSymbol')} autoCapitalize="characters" />,
                  '2–10 upper-case letters or digits.',
                )}
                {field(
                  'tokenPrice',
                  'Token price (EGP)',
                  <Input name="tokenPrice" inputMode="decimal" value={values.tokenPrice} onChange={set('tokenPrice')} />,
                )}
                {field('maxSupply', 'Maximum supply', <Input name="maxSupply" inputMode="numeric" value={values.maxSupply} onChange={set('maxSupply')} />)}
                {field(
                  'minimumInvestment',
                  'Minimum investment (EGP)',
                  <Input name="minimumInvestment" inputMode="decimal" value={values.minimumInvestment} onChange={set('minimumInvestment')} />,
                )}
                {field(
                  'softCap',
                  'Soft cap (interested users)',
                  <Input name="softCap" inputMode="decimal" value={values.softCap} onChange={set('softCap')} />,
                  'Required for interest-only assets.',
                )}
                {field(
                  'expectedROI',
                  'Expected ROI (%)',
                  <Input name="expectedROI" inputMode="decimal" value={values.expectedROI} onChange={set('expectedROI')} />,
                )}
                {text('roiModel', 'ROI model')}
                {field(
                  'lockupPeriod',
                  'Lock-up period (days)',
                  <Input name="lockupPeriod" inputMode="numeric" value={values.lockupPeriod} onChange={set('lockupPeriod')} />,
                )}
                {field(
                  'deadline',
                  'Deadline',
                  <Input name="deadline" type="date" value={values.deadline} onChange={set('deadline')} />,
                  props.mode === 'create' ? 'A day in the future.' : undefined,
                )}
                <div className="md:col-span-2">
                  {field('impact', 'Impact statement', <Textarea name="impact" value={values.impact} onChange={set('impact')} dir="auto" rows={3} />)}
                </div>
              </div>
            )}

            {step.id === 'legal' && (
              <div className="grid gap-5 md:grid-cols-2">
                {text('jurisdiction', 'Jurisdiction')}
                {text('spvName', 'SPV name')}
                {text('custodyType', 'Custody type')}
                {field(
                  'minTierRequired',
                  'Minimum tier',
                  <NativeSelect name="minTierRequired" value={values.minTierRequired} onChange={set('minTierRequired')} className="w-full">
                    <option value="">Choose…</option>
                    {['0', '1', '2', '3', '4', '5'].map((tier) => (
                      <option key={tier} value={tier}>
                        Tier {tier}
                      </option>
                    ))}
                  </NativeSelect>,
                )}
                <div className="md:col-span-2">
                  {field(
                    'contractAddress',
                    'Contract address',
                    <Input name="contractAddress" value={values.contractAddress} onChange={set('contractAddress')} className="font-mono" spellCheck={false} />,
                    'Optional until deployed; a checksummed (EIP-55) 0x address, used by no other live asset.',
                  )}
                </div>
                <div className="grid gap-2 md:col-span-2">
                  <Label htmlFor="asset-document-file">Legal documents</Label>
                  {documents.length > 0 ? (
                    <ul className="grid gap-1" aria-label="Uploaded legal documents">
                      {documents.map((document, index) => (
                        <li key={`${document.url}-${index}`} className="flex items-center gap-2 text-sm">
                          <FileTextIcon aria-hidden className="size-4" />
                          <span dir="auto">{document.name}</span>
                          <span className="text-muted-foreground">({Math.ceil(document.size / 1024)} KB)</span>
                          <Button
                            type="button"
                            variant="ghost"
                            size="sm"
                            aria-label={`Remove ${document.name}`}
                            onClick={() =>
                              setValues((current) => {
                                const next = parseDocuments(current.legalDocuments).filter((_, position) => position !== index);
                                return { ...current, legalDocuments: next.length ? JSON.stringify(next) : '' };
                              })
                            }
                          >
                            <Trash2Icon aria-hidden />
                          </Button>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p className="text-sm text-muted-foreground">No documents yet.</p>
                  )}
                  <Input
                    id="asset-document-file"
                    type="file"
                    accept="application/pdf"
                    className="max-w-md"
                    onChange={(event) => void upload('document', event)}
                    aria-describedby="asset-document-hint asset-document-error"
                    disabled={uploading !== null}
                  />
                  <p id="asset-document-hint" className="text-sm text-muted-foreground">
                    PDF, at most 20 MB.
                  </p>
                  {uploading === 'document' && (
                    <p role="status" className="flex items-center gap-2 text-sm">
                      <Loader2Icon aria-hidden className="size-4 animate-spin" /> Uploading the document…
                    </p>
                  )}
                  <FieldError id="asset-document-error" errors={uploadErrors.legalDocuments ? [uploadErrors.legalDocuments] : errors.legalDocuments} />
                </div>
              </div>
            )}

            {step.id === 'manager' && (
              <div className="grid gap-5 md:grid-cols-2">
                {field(
                  'contactFormat',
                  'Contact by',
                  <NativeSelect name="contactFormat" value={values.contactFormat} onChange={set('contactFormat')} className="w-full">
                    <option value="">Choose…</option>
                    <option value="whatsapp">WhatsApp</option>
                    <option value="email">E-mail</option>
                  </NativeSelect>,
                )}
                {text('contactValue', 'Contact', 'A WhatsApp number (+201001234567) or an e-mail address.')}
                {text('managerName', 'Manager name')}
                {text('managerTitle', 'Manager title')}
                <div className="md:col-span-2">
                  {field(
                    'managerBio',
                    'Manager bio',
                    <Textarea name="managerBio" value={values.managerBio} onChange={set('managerBio')} dir="auto" rows={3} />,
                  )}
                </div>
                <div className="flex flex-wrap gap-6">
                  {(['managerVerified', 'managerPartner'] as const).map((name) => (
                    <div key={name} className="flex items-center gap-2">
                      <Checkbox
                        id={`asset-${name}`}
                        checked={values[name] === 'on'}
                        onCheckedChange={(checked) => setValues((current) => ({ ...current, [name]: checked === true ? 'on' : '' }))}
                      />
                      <Label htmlFor={`asset-${name}`}>{name === 'managerVerified' ? 'Verified manager' : 'Pend partner'}</Label>
                    </div>
                  ))}
                </div>
              </div>
            )}

            {step.id === 'review' && <Review values={values} documents={documents} errors={errors} onEdit={(index) => goTo(index)} />}

            <div className="flex flex-wrap items-center justify-between gap-3 border-t pt-4">
              <div className="flex gap-2">
                {stepIndex > 0 && (
                  <Button type="button" variant="outline" onClick={() => goTo(stepIndex - 1)}>
                    Back
                  </Button>
                )}
                {stepIndex < ASSET_WIZARD_STEPS.length - 1 && <Button type="submit">Next: {ASSET_WIZARD_STEPS[stepIndex + 1].title}</Button>}
              </div>
              <div className="flex flex-wrap items-center gap-2">
                {pending && (
                  <span role="status" className="flex items-center gap-2 text-sm">
                    <Loader2Icon aria-hidden className="size-4 animate-spin" /> Saving…
                  </span>
                )}
                <Button variant="ghost" asChild>
                  <Link href={props.mode === 'edit' ? `/assets/${props.id}` : '/assets'}>Cancel</Link>
                </Button>
                {isDraft && (
                  <Button type="button" variant="outline" disabled={pending || uploading !== null} onClick={() => submit('draft')}>
                    Save draft
                  </Button>
                )}
                {step.id === 'review' && (
                  <Button type="button" disabled={pending || uploading !== null} onClick={() => submit(isDraft ? 'publish' : 'save')}>
                    {isDraft ? 'Publish' : 'Save changes'}
                  </Button>
                )}
              </div>
            </div>
          </form>
        </CardContent>
      </Card>
    </div>
  );
}

function Review({
  values,
  documents,
  errors,
  onEdit,
}: {
  values: AssetFormValues;
  documents: LegalDocument[];
  errors: Record<string, string[] | undefined>;
  onEdit: (stepIndex: number) => void;
}) {
  const rows: Array<[AssetWizardStep, string, string]> = [
    ['basic', 'Type', values.type],
    ['basic', 'Title', values.title],
    ['basic', 'Description', values.description],
    ['basic', 'Category', values.category],
    ['basic', 'Location', values.location],
    ['basic', 'Image', values.image],
    ['investment', 'Token symbol', values.tokenSymbol],
    ['investment', 'Token price', values.tokenPrice],
    ['investment', 'Maximum supply', values.maxSupply],
    ['investment', 'Minimum investment', values.minimumInvestment],
    ['investment', 'Soft cap', values.softCap],
    ['investment', 'Expected ROI (%)', values.expectedROI],
    ['investment', 'Deadline', values.deadline],
    ['legal', 'Jurisdiction', values.jurisdiction],
    ['legal', 'Minimum tier', values.minTierRequired],
    ['legal', 'Contract address', values.contractAddress],
    ['legal', 'Legal documents', documents.map((document) => document.name).join(', ')],
    ['manager', 'Contact', values.contactValue ? `${values.contactFormat || '?'}: ${values.contactValue}` : ''],
    ['manager', 'Manager', values.managerName],
  ];
  return (
    <div className="grid gap-4">
      {ASSET_WIZARD_STEPS.filter((candidate) => candidate.id !== 'review').map((candidate, index) => (
        <section key={candidate.id} aria-labelledby={`review-${candidate.id}`} className="grid gap-2">
          <div className="flex items-center justify-between">
            <h3 id={`review-${candidate.id}`} className="font-medium">
              {candidate.title}
            </h3>
            <Button type="button" variant="link" size="sm" onClick={() => onEdit(index)}>
              Edit {candidate.title.toLowerCase()}
            </Button>
          </div>
          <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
            {rows
              .filter(([stepId]) => stepId === candidate.id)
              .map(([, label, value]) => (
                <div key={label} className="contents">
                  <dt className="text-muted-foreground">{label}</dt>
                  <dd dir="auto" className={cn('break-words whitespace-pre-wrap', !value && 'text-muted-foreground')}>
                    {value || 'Not set'}
                  </dd>
                </div>
              ))}
          </dl>
          {Object.keys(errors).some((name) => stepOf(name) === candidate.id) && <p className="text-sm text-destructive">This step has fields to fix.</p>}
        </section>
      ))}
    </div>
  );
}
