'use client';

import { BookmarkIcon, Trash2Icon, UsersIcon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { createSavedViewAction, deleteSavedViewAction } from '@/app/(admin)/saved-views/actions';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { ROLE_LABELS, ROLES } from '@/lib/auth/permissions';
import type { SavedViewDto } from '@/lib/saved-views/saved-view.dto';
import type { useGridUrl } from './use-data-table';

/** A view the grid ships with (defined in code, the same for everyone, never edited or deleted). */
export type GridPreset = { name: string; state: string; description?: string };

/** Pick a preset or a saved view (own, or shared with your role), save the current one, delete your own. */
export function DataTableSavedViews({
  url,
  grid,
  views,
  presets = [],
}: {
  url: ReturnType<typeof useGridUrl>;
  grid: string;
  views: SavedViewDto[];
  presets?: readonly GridPreset[];
}) {
  const router = useRouter();
  const [saving, setSaving] = useState(false);
  const [, startDelete] = useTransition();
  const current = url.searchParams.toString();
  const open = (view: { state: string }) => url.applyState(view.state);
  const remove = (view: SavedViewDto) =>
    startDelete(async () => {
      const form = new FormData();
      form.set('id', view.id);
      const result = await deleteSavedViewAction(undefined, form);
      if (result.ok) {
        toast.success(result.message);
        router.refresh();
      } else toast.error(result.message);
    });
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="outline" size="sm">
            <BookmarkIcon aria-hidden /> Views
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-72">
          {presets.length ? (
            <>
              <DropdownMenuLabel>Presets</DropdownMenuLabel>
              {presets.map((preset) => (
                <DropdownMenuItem key={preset.name} onSelect={() => open(preset)} className="flex-col items-start gap-0">
                  <span>{preset.name}</span>
                  {preset.description ? <span className="text-xs text-muted-foreground">{preset.description}</span> : null}
                </DropdownMenuItem>
              ))}
              <DropdownMenuSeparator />
            </>
          ) : null}
          <DropdownMenuLabel>Saved views</DropdownMenuLabel>
          {views.length === 0 ? <p className="px-2 py-1.5 text-sm text-muted-foreground">No saved views yet.</p> : null}
          {views.map((view) => (
            <div key={view.id} className="flex items-center gap-1">
              <DropdownMenuItem className="flex-1" onSelect={() => open(view)}>
                <span dir="auto" className="truncate">
                  {view.name}
                </span>
                {view.isDefault ? <Badge variant="outline">default</Badge> : null}
                {view.sharedWithRole ? (
                  <span
                    className="ml-auto flex items-center gap-1 text-xs text-muted-foreground"
                    title={view.isOwn ? `Shared with ${ROLE_LABELS[view.sharedWithRole]}` : `Shared by ${view.ownerLabel}`}
                  >
                    <UsersIcon className="size-3" aria-hidden />
                    {view.isOwn ? ROLE_LABELS[view.sharedWithRole] : view.ownerLabel}
                  </span>
                ) : null}
              </DropdownMenuItem>
              {view.isOwn ? (
                <DropdownMenuItem aria-label={`Delete view ${view.name}`} onSelect={() => remove(view)}>
                  <Trash2Icon aria-hidden />
                </DropdownMenuItem>
              ) : null}
            </div>
          ))}
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setSaving(true)}>Save current view…</DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <SaveViewDialog open={saving} onOpenChange={setSaving} grid={grid} state={current} onSaved={() => router.refresh()} />
    </>
  );
}

function SaveViewDialog({
  open,
  onOpenChange,
  grid,
  state,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  grid: string;
  state: string;
  onSaved: () => void;
}) {
  const [result, formAction, isPending] = useActionState(createSavedViewAction, undefined);
  useEffect(() => {
    if (result?.ok) {
      toast.success(result.message);
      onOpenChange(false);
      onSaved();
    }
  }, [result, onOpenChange, onSaved]);
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Save this view</DialogTitle>
          <DialogDescription>Saves the search, filters, sort and columns (not the page you are on).</DialogDescription>
        </DialogHeader>
        <form action={formAction} className="grid gap-4">
          <input type="hidden" name="grid" value={grid} />
          <input type="hidden" name="state" value={state} />
          <FormField label="Name" errors={result?.fieldErrors?.name}>
            <Input name="name" required maxLength={80} dir="auto" />
          </FormField>
          <FormField
            label="Share with"
            hint="Every admin with this role sees the view; only you can change or delete it."
            errors={result?.fieldErrors?.sharedWithRole}
          >
            <select name="sharedWithRole" defaultValue="" className="h-9 rounded-md border border-input bg-card px-3 text-sm">
              <option value="">Only me</option>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </select>
          </FormField>
          <div className="flex items-center gap-2">
            <Checkbox id="saved-view-default" name="isDefault" value="true" />
            <Label htmlFor="saved-view-default" className="font-normal">
              Open this view by default
            </Label>
          </div>
          {result && !result.ok ? <FormMessage state={result} /> : null}
          <DialogFooter>
            <Button type="submit" disabled={isPending}>
              Save view
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
