'use client';

import { useTheme } from 'next-themes';
import { Toaster as Sonner, type ToasterProps } from 'sonner';

/** The one toast outlet, in the current theme; call `toast()` from 'sonner' anywhere on the client. */
export function Toaster(props: ToasterProps) {
  const { resolvedTheme } = useTheme();
  return (
    <Sonner
      theme={resolvedTheme === 'dark' ? 'dark' : 'light'}
      className="toaster group"
      toastOptions={{
        classNames: {
          toast: 'group toast border-border bg-popover text-popover-foreground',
          description: 'text-muted-foreground',
        },
      }}
      {...props}
    />
  );
}
