'use client';

import { ImageIcon } from 'lucide-react';
import { useState } from 'react';

/**
 * The image URL the grid may load: only an absolute https URL. Anything else a record may hold (a
 * legacy relative path no route serves yet, `javascript:`, `data:`, protocol-relative `//host`) is
 * not loaded and the placeholder shows instead.
 */
export function safeImageSrc(imagePath: string | null): string | null {
  if (!imagePath) return null;
  try {
    const url = new URL(imagePath);
    return url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A 32 px thumbnail, or a neutral placeholder when there is no image or it fails to load. */
export function AssetThumbnail({ imagePath }: { imagePath: string | null }) {
  const src = safeImageSrc(imagePath);
  const [failed, setFailed] = useState(false);
  if (!src || failed) {
    return (
      <span className="flex size-8 shrink-0 items-center justify-center rounded-md border bg-muted text-muted-foreground" aria-hidden>
        <ImageIcon className="size-4" />
      </span>
    );
  }
  return (
    // eslint-disable-next-line @next/next/no-img-element -- a remote thumbnail of unknown host: next/image would need every host allow-listed
    <img
      src={src}
      alt=""
      width={32}
      height={32}
      loading="lazy"
      referrerPolicy="no-referrer"
      className="size-8 shrink-0 rounded-md border object-cover"
      onError={() => setFailed(true)}
    />
  );
}
