/**
 * Error messages leave the server through this one filter (the legacy wrapper applies it to every
 * `{ "error": … }`), so no route can leak where the server keeps its files, which hosts it talks to,
 * or what its database driver said. Messages written for the client pass unchanged.
 */
const DRIVER_MESSAGE =
  /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EACCES|ENOENT|EPERM|EISDIR)\b|violates [\w ]*constraint|relation "|column "|syntax error at|duplicate key value|password authentication failed|role "|database "|permission denied for/i;
const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"]+/gi;
const WINDOWS_PATH = /\b[a-z]:\\[^\s'"]*/gi;
// An absolute path of two or more segments; the API's own routes (`/api/…`) are not the server's files.
const POSIX_PATH = /(?<![\w:/.])\/(?!api\/)(?:[^\s/'"`]+\/)+[^\s'"`,;)]*/g;
const HOST_WITH_PORT = /\b(?:localhost|(?:\d{1,3}\.){3}\d{1,3}|[a-z0-9-]+(?:\.[a-z0-9-]+)+):\d{2,5}\b/gi;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;

export const WITHHELD_MESSAGE = 'The request could not be processed';

export function publicErrorMessage(message: string): string {
  if (DRIVER_MESSAGE.test(message)) return WITHHELD_MESSAGE;
  return message
    .replace(URL_PATTERN, '[address]')
    .replace(WINDOWS_PATH, '[path]')
    .replace(POSIX_PATH, '[path]')
    .replace(HOST_WITH_PORT, '[host]')
    .replace(IPV4, '[host]');
}
