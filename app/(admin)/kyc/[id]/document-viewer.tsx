'use client';

import { DownloadIcon, RotateCwIcon, TriangleAlertIcon, ZoomInIcon, ZoomOutIcon } from 'lucide-react';
import { useState } from 'react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import type { KycDocumentDto } from '@/lib/kyc/kyc.dto';
import { cn } from '@/lib/utils';

const ZOOMS = [0.5, 0.75, 1, 1.5, 2, 3] as const;
const ZOOM_CLASS: Record<(typeof ZOOMS)[number], string> = {
  0.5: 'w-1/2',
  0.75: 'w-3/4',
  1: 'w-full',
  1.5: 'w-[150%] max-w-none',
  2: 'w-[200%] max-w-none',
  3: 'w-[300%] max-w-none',
};
const ROTATE_CLASS = ['rotate-0', 'rotate-90', 'rotate-180', '-rotate-90'] as const;

function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  return bytes < 1024 ? `${bytes} B` : bytes < 1_048_576 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1_048_576).toFixed(2)} MB`;
}

/** An image with zoom and rotate (buttons, keyboard reachable); the bytes come through the signed link only. */
function ImageView({ document }: { document: KycDocumentDto & { viewUrl: string } }) {
  const [zoom, setZoom] = useState<(typeof ZOOMS)[number]>(1);
  const [turns, setTurns] = useState(0);
  const step = (direction: 1 | -1) => setZoom((current) => ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, ZOOMS.indexOf(current) + direction))]);
  return (
    <div className="grid gap-2">
      <div role="toolbar" aria-label={`${document.label} view controls`} className="flex items-center gap-1">
        <Button type="button" size="icon" variant="outline" aria-label="Zoom out" onClick={() => step(-1)} disabled={zoom === ZOOMS[0]}>
          <ZoomOutIcon aria-hidden />
        </Button>
        <span className="w-12 text-center text-sm tabular-nums" aria-live="polite">
          {Math.round(zoom * 100)}%
        </span>
        <Button type="button" size="icon" variant="outline" aria-label="Zoom in" onClick={() => step(1)} disabled={zoom === ZOOMS[ZOOMS.length - 1]}>
          <ZoomInIcon aria-hidden />
        </Button>
        <Button type="button" size="icon" variant="outline" aria-label="Rotate 90 degrees" onClick={() => setTurns((current) => (current + 1) % 4)}>
          <RotateCwIcon aria-hidden />
        </Button>
      </div>
      <div className="h-96 overflow-auto rounded-md border bg-muted/40 p-2" tabIndex={0} aria-label={`${document.label}, scrollable`}>
        {/* eslint-disable-next-line @next/next/no-img-element -- a signed, short-lived, uncacheable link: next/image would proxy and cache it */}
        <img
          src={document.viewUrl}
          alt={`${document.label} uploaded by the applicant`}
          className={cn('mx-auto h-auto origin-center transition-transform', ZOOM_CLASS[zoom], ROTATE_CLASS[turns])}
        />
      </div>
    </div>
  );
}

export function DocumentCard({ document }: { document: KycDocumentDto }) {
  const viewable = document.viewUrl;
  return (
    <article aria-labelledby={`doc-${document.id}`} className="grid content-start gap-3 rounded-lg border bg-card p-4" data-testid="kyc-document">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={`doc-${document.id}`} className="font-medium">
          {document.label} <span className="font-mono text-xs text-muted-foreground">({document.legacyType})</span>
        </h3>
        {document.integrity === 'intact' ? (
          <Badge variant="success">File matches its record</Badge>
        ) : (
          <Badge variant="destructive">File {document.integrity}</Badge>
        )}
      </header>
      {document.integrity !== 'intact' && (
        <Alert variant="destructive">
          <TriangleAlertIcon aria-hidden />
          <AlertTitle>{document.integrity === 'missing' ? 'The file is missing' : 'The file differs from its record'}</AlertTitle>
          <AlertDescription>{document.integrityDetail} Do not decide on what this document shows; ask for it again.</AlertDescription>
        </Alert>
      )}
      {viewable && document.mimeType === 'application/pdf' && (
        <iframe src={viewable} title={`${document.label} (PDF)`} className="h-96 w-full rounded-md border bg-muted/40" />
      )}
      {viewable && document.mimeType !== 'application/pdf' && document.mimeType?.startsWith('image/') && (
        <ImageView document={{ ...document, viewUrl: viewable }} />
      )}
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-muted-foreground">File</dt>
        <dd dir="auto" className="break-all">
          {document.originalFilename ?? '—'} <span className="text-muted-foreground">{document.mimeType}</span>
        </dd>
        <dt className="text-muted-foreground">Uploaded</dt>
        <dd className="font-mono">{document.uploadedAt?.replace('T', ' ').slice(0, 16) ?? '—'}</dd>
        <dt className="text-muted-foreground">Size</dt>
        <dd>
          {formatBytes(document.storedSize)} stored · {formatBytes(document.recordedSize)} recorded
        </dd>
        <dt className="text-muted-foreground">SHA-256</dt>
        <dd className="font-mono text-xs break-all" data-testid="document-sha256">
          {document.sha256 ?? 'no file stored'}
        </dd>
      </dl>
      {document.downloadUrl && (
        <Button asChild variant="outline" size="sm" className="w-fit">
          <a href={document.downloadUrl}>
            <DownloadIcon aria-hidden /> Download
          </a>
        </Button>
      )}
    </article>
  );
}
