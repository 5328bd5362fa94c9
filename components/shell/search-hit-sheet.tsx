'use client';

import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from '@/components/ui/sheet';
import { shortHash, type SearchHit } from '@/lib/search/search.dto';

/** Where each kind of hit will open once its screen exists; until then the summary is all there is. */
const SCREEN_PLANNED: Record<SearchHit['kind'], string> = {
  user: 'The Users screen is not built yet (issue 15).',
  asset: 'The Assets screen is not built yet (issue 14).',
  kyc: 'The KYC review screen is not built yet (issue 16).',
};

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
          <Row label="Phone">{hit.phoneLast4 ? `ending ${hit.phoneLast4}` : '—'}</Row>
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

function titleOf(hit: SearchHit): string {
  if (hit.kind === 'asset') return hit.title;
  return `${hit.kind === 'user' ? 'User' : 'KYC case'} ${shortHash(hit.identityHash)}`;
}

/** The record a palette hit opened: its summary, and plainly where its full screen will be. */
export function SearchHitSheet({ hit, onClose }: { hit: SearchHit | undefined; onClose: () => void }) {
  return (
    <Sheet open={!!hit} onOpenChange={(isOpen) => !isOpen && onClose()}>
      <SheetContent className="sm:max-w-md" data-testid="search-hit">
        {hit && (
          <>
            <SheetHeader>
              <SheetTitle dir="auto">{titleOf(hit)}</SheetTitle>
              <SheetDescription>{SCREEN_PLANNED[hit.kind]}</SheetDescription>
            </SheetHeader>
            <dl className="grid gap-4 px-4">
              <Details hit={hit} />
            </dl>
          </>
        )}
      </SheetContent>
    </Sheet>
  );
}
