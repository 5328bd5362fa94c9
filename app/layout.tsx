import '@fontsource-variable/inter';
import '@fontsource-variable/noto-sans-arabic';
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { ThemeProvider } from '@/components/theme/theme-provider';
import { Toaster } from '@/components/ui/sonner';
import { TooltipProvider } from '@/components/ui/tooltip';
import './globals.css';

export const metadata: Metadata = { title: { default: 'Pend Admin', template: '%s · Pend Admin' } };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The Content-Security-Policy nonce of this response (proxy.ts): the theme's inline script runs only with it.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    // next-themes writes the theme class on <html> before hydration; React would otherwise warn about it.
    <html lang="en" suppressHydrationWarning>
      <body>
        <ThemeProvider nonce={nonce}>
          <TooltipProvider delayDuration={300}>
            {children}
            <Toaster />
          </TooltipProvider>
        </ThemeProvider>
      </body>
    </html>
  );
}
