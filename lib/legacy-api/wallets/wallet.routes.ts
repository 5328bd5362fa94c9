import { addressParamsSchema } from '../common.schemas';
import { defineLegacyRoute } from '../route-spec';
import { walletDetailBody, walletInfoBody, walletListBody, walletListQuerySchema } from './wallet.schemas';

const TAG = 'Wallets';

export const walletRoutes = {
  list: defineLegacyRoute({
    method: 'GET',
    path: '/api/wallet/wallets',
    summary: 'Every wallet (the admin panel user list)',
    tag: TAG,
    access: 'public',
    kind: 'read',
    query: walletListQuerySchema,
    response: walletListBody,
    cacheSeconds: 10,
    examples: [{ path: '/api/wallet/wallets' }],
  }),
  detail: defineLegacyRoute({
    method: 'GET',
    path: '/api/wallet/:address',
    summary: 'Wallet details with recent transactions',
    tag: TAG,
    access: 'public',
    kind: 'read',
    params: addressParamsSchema,
    response: walletDetailBody,
  }),
  info: defineLegacyRoute({
    method: 'GET',
    path: '/api/wallet/info/:address',
    summary: 'Balances, creation date and value of a wallet',
    tag: TAG,
    access: 'public',
    kind: 'read',
    params: addressParamsSchema,
    response: walletInfoBody,
  }),
};
