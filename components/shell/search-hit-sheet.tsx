'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from '@/components/ui/sheet';
import { shortHash, type SearchHit } from '@/lib/search/search.dto';

/** The hit's own screen, where one exists; the Users screen does not yet, so its summary is all there is. */
function screenOf(hit: SearchHit): { href: string; label: string } | null {
  if (hit.kind === 'asset') return { href: `/assets/${encodeURIComponent(hit.id)}`, label: 'Open the asset' };
  if (hit.kind === 'kyc') return { href: `/kyc/${encodeURIComponent(hit.identityHash)}`, label: 'Open the KYC case' };
  return { href: `/users/${encodeURIComponent(hit.id)}`, label: 'Open the user' };
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1">
      <dt className="text-xs font-medium text-muted-foreground">{label}</dt>
      <dd className="text-sm break-all">{children}</dd>
    </div>
  );
}

function Details({ hit }: { hit: SearchHit }) {
  switch (hit.kind) {
    case 'user':
      return (
        <>
          <Row label="Identity hash">
            <span className="font-mono text-xs">{hit.identityHash}</span>
          </Row>
          <Row label="Wallet">{hit.walletAddress ? <span className="font-mono text-xs">{hit.walletAddress}</span> : '—'}</Row>
          <Row label="Phone">{hit.phoneMasked ? <span className="font-mono">{hit.phoneMasked}</span> : '—'}</Row>
          <Row label="Status">
            <Badge variant={hit.status === 'orphan' ? 'warning' : 'secondary'}>{hit.status}</Badge>
          </Row>
          <Row label="KYC">{hit.kycStatus.replace('_', ' ')}</Row>
        </>
      );
    case 'asset':
      return (
        <>
          <Row label="Title">
            <span dir="auto">{hit.title}</span>
          </Row>
          <Row label="Category">
            <span dir="auto">{hit.category ?? '—'}</span>
          </Row>
          <Row label="Status">
            <Badge variant="secondary">{hit.status}</Badge>
          </Row>
        </>
      );
    case 'kyc':
      return (
        <>
          <Row label="Applicant identity hash">
            <span className="font-mono text-xs">{hit.identityHash}</span>
          </Row>
          <Row label="Status">
            <Badge variant="secondary">{hit.status.replace('_', ' ')}</Badge>
          </Row>
          <Row label="Last updated">{hit.lastUpdatedAt ?? '—'}</Row>
        </>
      );
  }
}

function ScreenLink({ hit }: { hit: SearchHit }) {
  const screen = screenOf(hit);
  if (!screen) return null;
  return (
    <div className="px-4">
      <Button asChild>
        <Link href={screen.href}>{screen.label}</Link>
      </Button>
    </div>
  );
}

function titleOf(hit: SearchHit): string {
  if (hit.kind === 'asset') return hit.title;
  return `${hit.kind === 'user' ? 'User' : 'KYC case'} ${shortHash(hit.identityHash)}`;
}

/** The record a palette hit opened: its summary, and a link to its own screen where one exists. */
export function SearchHitSheet({ hit, onClose }: { hit: SearchHit | undefined; onClose: () => void }) {
  return (
    <Sheet open={!!hit} onOpenChange={(isOpen) => !isOpen && onClose()}>
      <SheetContent className="sm:max-w-md" data-testid="search-hit">
        {hit && (
          <>
            <SheetHeader>
              <SheetTitle dir="auto">{titleOf(hit)}</SheetTitle>
              <SheetDescription>A summary of the record.</SheetDescription>
            </SheetHeader>
            <dl className="grid gap-4 px-4">
              <Details hit={hit} />
            </dl>
            <ScreenLink hit={hit} />
          </>
        )}
      </SheetContent>
    </Sheet>
  );
}
