import { AlarmClockIcon } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import type { SlaState } from '@/lib/kyc/kyc.dto';
import { KYC_STATUS_LABELS } from '@/lib/kyc/kyc-labels';

// Shared by the queue's client grid and the server-rendered case page, so no 'use client' here.

export const shortHash = (hash: string) => `${hash.slice(0, 8)}…${hash.slice(-4)}`;

export function formatAge(hours: number): string {
  if (hours < 1) return `${Math.max(0, Math.round(hours * 60))} min`;
  if (hours < 48) return `${Math.round(hours)} h`;
  return `${Math.round(hours / 24)} d`;
}

export function StatusBadge({ status, legacy }: { status: string; legacy: string | null }) {
  const variant = status === 'verified' ? 'success' : status === 'rejected' ? 'destructive' : 'outline';
  return (
    <span className="flex flex-col gap-0.5">
      <Badge variant={variant}>{KYC_STATUS_LABELS[status] ?? status}</Badge>
      {legacy && legacy !== status && <span className="font-mono text-xs text-muted-foreground">legacy: {legacy}</span>}
    </span>
  );
}

export function SlaIndicator({ sla }: { sla: SlaState }) {
  if (!sla) return <span className="text-muted-foreground">—</span>;
  return sla.breached ? (
    <Badge variant="destructive" title={`SLA ${sla.hours} h`}>
      <AlarmClockIcon aria-hidden /> {formatAge(sla.ageHours)} · over {sla.hours} h SLA
    </Badge>
  ) : (
    <span className="tabular-nums" title={`SLA ${sla.hours} h`}>
      {formatAge(sla.ageHours)} <span className="text-muted-foreground">of {sla.hours} h</span>
    </span>
  );
}
