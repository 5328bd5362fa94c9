'use client';

import { BadgeCheckIcon, BlocksIcon, SearchIcon, UserIcon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { searchEverythingAction } from '@/app/(admin)/actions';
import { NAV_ITEMS } from '@/components/shell/nav-items';
import { SearchHitSheet } from '@/components/shell/search-hit-sheet';
import { Button } from '@/components/ui/button';
import { CommandDialog, CommandEmpty, CommandGroup, CommandInput, CommandItem, CommandList, CommandLoading } from '@/components/ui/command';
import { shortHash, type SearchHit, type SearchResults } from '@/lib/search/search.dto';

const EMPTY: SearchResults = { users: [], assets: [], kyc: [] };
const SEARCH_DELAY_MS = 200;

function useSearch(query: string) {
  const [results, setResults] = useState<SearchResults>(EMPTY);
  const [message, setMessage] = useState<string>();
  const [pending, startTransition] = useTransition();
  const q = query.trim();
  const isTooShort = q.length < 2;
  useEffect(() => {
    if (isTooShort) return;
    // The last query wins: an answer for an older one is dropped when it arrives late.
    let isCurrent = true;
    const timer = setTimeout(() => {
      startTransition(async () => {
        const formData = new FormData();
        formData.set('q', q);
        const state = await searchEverythingAction(undefined, formData);
        if (!isCurrent) return;
        setResults(state.ok && state.data ? state.data : EMPTY);
        setMessage(state.ok ? undefined : (state.message ?? Object.values(state.fieldErrors ?? {}).flat()[0]));
      });
    }, SEARCH_DELAY_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [q, isTooShort]);
  // Fewer than two characters search nothing: the answer is derived, not set from the effect.
  return isTooShort ? { results: EMPTY, message: undefined, pending: false } : { results, message, pending };
}

/**
 * Ctrl/⌘-K: jump to any area the role may open, or find a user (last digits of a phone, wallet or
 * identity-hash prefix), an asset (title, Arabic included) or a KYC case through the search action,
 * which applies the same permissions as the screens.
 */
export function CommandPalette({ allowedHrefs }: { allowedHrefs: string[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [openedHit, setOpenedHit] = useState<SearchHit>();
  const { results, message, pending } = useSearch(open ? query : '');

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key.toLowerCase() === 'k' && (event.metaKey || event.ctrlKey)) {
        event.preventDefault();
        setOpen((isOpen) => !isOpen);
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  const needle = query.trim().toLowerCase();
  const pages = NAV_ITEMS.filter((item) => allowedHrefs.includes(item.href) && item.label.toLowerCase().includes(needle));

  function close() {
    setOpen(false);
    setQuery('');
  }
  function openHit(hit: SearchHit) {
    close();
    setOpenedHit(hit);
  }
  return (
    <>
      <Button variant="outline" size="sm" className="w-full justify-start gap-2 text-muted-foreground sm:w-64" onClick={() => setOpen(true)}>
        <SearchIcon aria-hidden />
        <span className="flex-1 text-left">Search or jump to…</span>
        <kbd className="rounded border bg-muted px-1.5 font-mono text-[0.7rem]" aria-hidden>
          Ctrl K
        </kbd>
      </Button>
      <CommandDialog
        open={open}
        onOpenChange={(isOpen) => (isOpen ? setOpen(true) : close())}
        title="Command palette"
        description="Jump to a page, or find a user, an asset or a KYC case."
        commandProps={{ shouldFilter: false, label: 'Command palette' }}
      >
        <CommandInput
          value={query}
          onValueChange={setQuery}
          placeholder="Page, last 4 digits of a phone, 0x… wallet or identity, asset title…"
          aria-label="Search pages, users, assets and KYC cases"
        />
        <CommandList>
          {pending && <CommandLoading>Searching…</CommandLoading>}
          {message && (
            <p className="px-4 py-2 text-sm text-muted-foreground" role="status">
              {message}
            </p>
          )}
          {!pending && <CommandEmpty>Nothing matches “{query}”.</CommandEmpty>}
          {pages.length > 0 && (
            <CommandGroup heading="Pages">
              {pages.map((item) => (
                <CommandItem
                  key={item.href}
                  value={`page ${item.href}`}
                  onSelect={() => {
                    close();
                    router.push(item.href);
                  }}
                >
                  <item.icon aria-hidden />
                  {item.label}
                  {!item.built && <span className="ml-auto text-xs text-muted-foreground">not built yet</span>}
                </CommandItem>
              ))}
            </CommandGroup>
          )}
          {results.users.length > 0 && (
            <CommandGroup heading="Users">
              {results.users.map((hit) => (
                <CommandItem key={hit.identityHash} value={`user ${hit.identityHash}`} onSelect={() => openHit(hit)}>
                  <UserIcon aria-hidden />
                  <span className="font-mono text-xs">{shortHash(hit.identityHash)}</span>
                  {hit.phoneMasked && <span className="font-mono text-muted-foreground">{hit.phoneMasked}</span>}
                  <span className="ml-auto text-xs text-muted-foreground">{hit.status}</span>
                </CommandItem>
              ))}
            </CommandGroup>
          )}
          {results.assets.length > 0 && (
            <CommandGroup heading="Assets">
              {results.assets.map((hit) => (
                <CommandItem key={hit.id} value={`asset ${hit.id}`} onSelect={() => openHit(hit)}>
                  <BlocksIcon aria-hidden />
                  <span dir="auto" className="truncate">
                    {hit.title}
                  </span>
                  <span className="ml-auto text-xs text-muted-foreground">{hit.status}</span>
                </CommandItem>
              ))}
            </CommandGroup>
          )}
          {results.kyc.length > 0 && (
            <CommandGroup heading="KYC cases">
              {results.kyc.map((hit) => (
                <CommandItem key={hit.identityHash} value={`kyc ${hit.identityHash}`} onSelect={() => openHit(hit)}>
                  <BadgeCheckIcon aria-hidden />
                  <span className="font-mono text-xs">{shortHash(hit.identityHash)}</span>
                  <span className="ml-auto text-xs text-muted-foreground">{hit.status.replace('_', ' ')}</span>
                </CommandItem>
              ))}
            </CommandGroup>
          )}
        </CommandList>
      </CommandDialog>
      <SearchHitSheet hit={openedHit} onClose={() => setOpenedHit(undefined)} />
    </>
  );
}
