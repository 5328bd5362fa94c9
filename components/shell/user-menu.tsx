'use client';

import { ChevronDownIcon, KeyRoundIcon, LogOutIcon, ShieldCheckIcon, TerminalSquareIcon } from 'lucide-react';
import Link from 'next/link';
import { useState, useTransition } from 'react';
import { signOutAction } from '@/app/(admin)/actions';
import { ChangePasswordDialog } from '@/components/shell/change-password-dialog';
import { ThemeMenuItems } from '@/components/theme/theme-toggle';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';

export function UserMenu({ email, name, roleLabel }: { email: string; name: string; roleLabel: string }) {
  const [passwordOpen, setPasswordOpen] = useState(false);
  const [signingOut, startSignOut] = useTransition();
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" className="gap-2 px-2" aria-label={`User menu for ${email}`}>
            <span className="hidden max-w-48 truncate sm:inline" dir="auto">
              {email}
            </span>
            <Badge variant="outline">{roleLabel}</Badge>
            <ChevronDownIcon className="opacity-60" aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-60">
          <DropdownMenuLabel className="grid gap-0.5">
            <span dir="auto">{name || email}</span>
            <span className="truncate text-xs font-normal text-muted-foreground" dir="auto">
              {email}
            </span>
          </DropdownMenuLabel>
          <DropdownMenuSeparator />
          <ThemeMenuItems />
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setPasswordOpen(true)}>
            <KeyRoundIcon aria-hidden /> Change password
          </DropdownMenuItem>
          <DropdownMenuItem asChild>
            <Link href="/account/security">
              <ShieldCheckIcon aria-hidden /> Two-step sign-in
            </Link>
          </DropdownMenuItem>
          <DropdownMenuItem asChild>
            <Link href="/account/api-tokens">
              <TerminalSquareIcon aria-hidden /> API tokens
            </Link>
          </DropdownMenuItem>
          <DropdownMenuItem disabled={signingOut} onSelect={() => startSignOut(() => signOutAction())}>
            <LogOutIcon aria-hidden /> Sign out
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <ChangePasswordDialog open={passwordOpen} onOpenChange={setPasswordOpen} />
    </>
  );
}
