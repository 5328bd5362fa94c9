import { describe, expect, it } from 'vitest';
import { publicErrorMessage, WITHHELD_MESSAGE } from './public-message';

describe('publicErrorMessage', () => {
  it('removes absolute paths, addresses and hosts but keeps the API route a message names', () => {
    expect(publicErrorMessage('Cannot read /srv/pend/legacy/uploads/kyc/metadata.json')).toBe('Cannot read [path]');
    expect(publicErrorMessage('Cannot read C:\\pend\\legacy\\users.json')).toBe('Cannot read [path]');
    expect(publicErrorMessage('connect to db.internal.example:5432 failed')).toBe('connect to [host] failed');
    expect(publicErrorMessage('Redis at redis://cache.internal:6379/0 is down')).toBe('Redis at [address] is down');
    expect(publicErrorMessage('peer 10.1.2.3 refused')).toBe('peer [host] refused');
    expect(publicErrorMessage('Use /api/kyc/upload-document instead')).toBe('Use /api/kyc/upload-document instead');
  });

  it('withholds database driver and system-call messages whole', () => {
    expect(publicErrorMessage('duplicate key value violates unique constraint "users_pkey"')).toBe(WITHHELD_MESSAGE);
    expect(publicErrorMessage('ENOENT: no such file or directory, open x')).toBe(WITHHELD_MESSAGE);
    expect(publicErrorMessage('password authentication failed for user "postgres"')).toBe(WITHHELD_MESSAGE);
  });

  it('passes messages written for the client unchanged', () => {
    for (const message of [
      'Invalid tier level',
      'phoneNumber: Invalid phone number',
      'File too large: the limit is 10 MB',
      'Unauthorized: admin key required',
    ]) {
      expect(publicErrorMessage(message)).toBe(message);
    }
  });
});
