'use client';

import { useActionState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ApiTokenDto } from '@/lib/api-tokens/api-token.service';
import { ROLE_LABELS } from '@/lib/auth/permissions';
import { revokeApiTokenAction } from './actions';

const date = (iso: string | null) => (iso ? new Date(iso).toISOString().slice(0, 16).replace('T', ' ') : '–');

function stateOf(token: ApiTokenDto): 'revoked' | 'expired' | 'active' {
  if (token.revokedAt) return 'revoked';
  return new Date(token.expiresAt).getTime() <= Date.now() ? 'expired' : 'active';
}

export function ApiTokenList({ tokens }: { tokens: ApiTokenDto[] }) {
  const [state, revoke, pending] = useActionState(revokeApiTokenAction, undefined);
  if (!tokens.length) return <p className="text-sm text-muted-foreground">No tokens yet.</p>;
  return (
    <div className="grid gap-3">
      <FormMessage state={state} />
      <table className="w-full text-sm" data-testid="api-token-list">
        <thead className="text-left text-muted-foreground">
          <tr>
            <th className="py-2">Name</th>
            <th>Token</th>
            <th>Role</th>
            <th>Created (UTC)</th>
            <th>Expires (UTC)</th>
            <th>Last used (UTC)</th>
            <th>State</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id} className="border-t">
              <td className="py-2">{token.name}</td>
              <td className="font-mono">{token.prefix}…</td>
              <td>{ROLE_LABELS[token.role]}</td>
              <td>{date(token.createdAt)}</td>
              <td>{date(token.expiresAt)}</td>
              <td>{date(token.lastUsedAt)}</td>
              <td>
                <Badge variant={stateOf(token) === 'active' ? 'default' : 'secondary'}>{stateOf(token)}</Badge>
              </td>
              <td className="text-right">
                {stateOf(token) === 'active' && (
                  <form action={revoke}>
                    <input type="hidden" name="id" value={token.id} />
                    <Button type="submit" size="sm" variant="destructive" disabled={pending} aria-label={`Revoke ${token.name}`}>
                      Revoke
                    </Button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
