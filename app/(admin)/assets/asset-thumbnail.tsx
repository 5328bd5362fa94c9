'use client';

import { ImageIcon } from 'lucide-react';
import { useState } from 'react';
import { isStoredUpload } from '@/lib/assets/stored-upload';

/**
 * The image URL the grid may load: a stored upload (the wizard's, or a legacy `uploads/assets/…` image)
 * through the asset's own image route, or an absolute https URL. Anything else a record may hold
 * (`javascript:`, `data:`, protocol-relative `//host`, a path outside the uploads) is not loaded.
 */
export function thumbnailSrc(assetId: string, imagePath: string | null): string | null {
  if (!imagePath) return null;
  if (isStoredUpload(imagePath)) return `/assets/${encodeURIComponent(assetId)}/image?size=icon`;
  try {
    const url = new URL(imagePath);
    return url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A 32 px thumbnail, or a neutral placeholder when there is no image or it fails to load (a legacy image whose file is gone). */
export function AssetThumbnail({ assetId, imagePath }: { assetId: string; imagePath: string | null }) {
  const src = thumbnailSrc(assetId, imagePath);
  const [failed, setFailed] = useState(false);
  if (!src || failed) {
    return (
      <span className="flex size-8 shrink-0 items-center justify-center rounded-md border bg-muted text-muted-foreground" aria-hidden>
        <ImageIcon className="size-4" />
      </span>
    );
  }
  return (
    // eslint-disable-next-line @next/next/no-img-element -- a 96 px icon from our own route or a remote host: next/image would re-encode it again
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
