/**
 * A failure with the exact legacy status and message. The legacy contract uses statuses the app's
 * `AppError` codes do not have (413 payload too large, 415 unsupported media type), so the legacy API
 * carries its own: every one of them is answered as `{ "error": message }`.
 */
export class LegacyApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503,
    message: string,
  ) {
    super(message);
    this.name = 'LegacyApiError';
  }
}
