'use client';

import { MenuIcon } from 'lucide-react';
import { useState } from 'react';
import { SidebarNav } from '@/components/shell/app-sidebar';
import { Button } from '@/components/ui/button';
import { Sheet, SheetContent, SheetDescription, SheetTitle, SheetTrigger } from '@/components/ui/sheet';

/** Below the md breakpoint the sidebar folds into a sheet behind a menu button. */
export function MobileNav({ allowedHrefs }: { allowedHrefs: string[] }) {
  const [open, setOpen] = useState(false);
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger asChild>
        <Button variant="ghost" size="icon" className="md:hidden" aria-label="Open navigation">
          <MenuIcon aria-hidden />
        </Button>
      </SheetTrigger>
      <SheetContent side="left" className="w-64 bg-sidebar pt-12">
        <SheetTitle className="sr-only">Navigation</SheetTitle>
        <SheetDescription className="sr-only">The areas your role may open.</SheetDescription>
        <SidebarNav allowedHrefs={allowedHrefs} onNavigate={() => setOpen(false)} />
      </SheetContent>
    </Sheet>
  );
}
