/**
 * Modes for what this app writes that holds secrets or personal data (generated keys, the first admin's
 * one-time password, uploads, managed storage, backups): readable by the app's own user only, whatever
 * the umask (issue 13 item 8, decision 058).
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
