/**
 * Only files an upload wrote (a server-made name below `uploads/assets`, its `docs/` folder, or
 * `uploads/documents`) are ever read back: never a path a record could point anywhere else. No
 * server-only import, so the grid can decide on the client whether a thumbnail route exists.
 */
const STORED_UPLOAD = /^uploads\/(assets(\/docs)?|documents)\/[A-Za-z0-9_-]{1,120}\.(jpg|jpeg|png|webp|pdf)$/;

export function isStoredUpload(relativePath: unknown): relativePath is string {
  return typeof relativePath === 'string' && STORED_UPLOAD.test(relativePath);
}
