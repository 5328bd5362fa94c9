import type { Metadata } from 'next';
import { TierImportForm } from '@/components/users/tier-import-form';
import { AccessDenied } from '@/components/ui/access-denied';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { loadPage } from '@/lib/page';
import { OUTCOME_LABELS, TIER_IMPORT_OUTCOMES, type TierImportSummary } from '@/lib/users/tier-import.dto';
import { listTierImports } from '@/lib/users/tier-import.service';
import { formatUtcStamp } from '@/lib/display-time';

export const metadata: Metadata = { title: 'Import tiers' };

function Problems({ entry }: { entry: TierImportSummary }) {
  const problems = TIER_IMPORT_OUTCOMES.filter((outcome) => outcome !== 'will_change' && entry.counts[outcome] > 0);
  if (problems.length === 0) return <span className="text-muted-foreground">none</span>;
  return <>{problems.map((outcome) => `${entry.counts[outcome].toLocaleString('en')} ${OUTCOME_LABELS[outcome].toLowerCase()}`).join(', ')}</>;
}

export default async function TierImportPage() {
  const page = await loadPage('users:write', ({ em }) => listTierImports(em));
  if (!page.allowed) return <AccessDenied message={page.message} />;
  return (
    <>
      <PageHeader
        title="Import tiers"
        description="Change many users' tiers from a CSV file: a dry run shows what every row would do, then the good rows are applied together or not at all."
      />
      <TierImportForm />
      <Section id="tier-import-history" title="Past imports" description="Applied imports, newest first, with the SHA-256 of the file each one applied.">
        <Table>
          <TableCaption className="sr-only">Applied tier imports</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead>When</TableHead>
              <TableHead>File</TableHead>
              <TableHead>SHA-256</TableHead>
              <TableHead className="text-right">Rows</TableHead>
              <TableHead className="text-right">Changed</TableHead>
              <TableHead>Other rows</TableHead>
              <TableHead>By</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {page.data.length === 0 ? (
              <TableRow>
                <TableCell colSpan={7} className="py-8 text-center text-muted-foreground">
                  No import has been applied yet.
                </TableCell>
              </TableRow>
            ) : (
              page.data.map((entry) => (
                <TableRow key={entry.id}>
                  <TableCell className="whitespace-nowrap tabular-nums">
                    <time dateTime={entry.importedAt}>{formatUtcStamp(entry.importedAt, 'minute')}</time>
                  </TableCell>
                  <TableCell className="max-w-48 truncate" dir="auto" title={entry.fileName}>
                    {entry.fileName}
                  </TableCell>
                  <TableCell className="font-mono text-xs" title={entry.sha256}>
                    {entry.sha256.slice(0, 12)}…
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{entry.rowCount.toLocaleString('en')}</TableCell>
                  <TableCell className="text-right tabular-nums">{entry.changed.toLocaleString('en')}</TableCell>
                  <TableCell className="text-sm whitespace-normal">
                    <Problems entry={entry} />
                  </TableCell>
                  <TableCell>{entry.importedBy}</TableCell>
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </Section>
    </>
  );
}
