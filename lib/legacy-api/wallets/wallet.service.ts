import { isJsonObject, type JsonValue } from '@/lib/legacy/canonical-json';
import type { Dataset } from '../dataset/dataset';
import { LegacyApiError } from '../legacy-api-error';
import { balancesOf, walletView } from './wallet-view';

const RECENT_TRANSACTIONS = 20;
const DEFAULT_NAV = '1';

/** The wallets of the directory with their transaction counts: the admin panel's "users" list, paged by the dataset. */
export async function listWallets(data: Dataset, page: { limit: number; offset: number }) {
  const { wallets, counts, total } = await data.walletPage(page);
  return {
    success: true as const,
    wallets: wallets.map((wallet) => walletView(wallet, counts.get(String(wallet.identityHash)) ?? 0)),
    total,
  };
}

async function walletOrThrow(data: Dataset, address: string) {
  const [wallet] = await data.wallets({ address });
  if (!wallet) throw new LegacyApiError(404, 'Wallet not found');
  return wallet;
}

export async function getWallet(data: Dataset, address: string) {
  const wallet = await walletOrThrow(data, address);
  const identityHash = typeof wallet.identityHash === 'string' ? wallet.identityHash : undefined;
  const filter = identityHash ? { identityHash } : { walletAddress: address };
  const [transactions, summary] = await Promise.all([data.transactions(filter, RECENT_TRANSACTIONS), data.transactionSummary(filter, new Date())]);
  const identity = isJsonObject(wallet.identity) ? wallet.identity : {};
  const actions = Array.isArray(identity.verifiedActions) ? identity.verifiedActions.filter((action): action is string => typeof action === 'string') : [];
  return {
    success: true as const,
    wallet: {
      ...walletView(wallet, summary.total),
      verifiedActions: actions,
      creationTxHash: typeof wallet.creationTxHash === 'string' ? wallet.creationTxHash : null,
      lastUpdated: typeof wallet.lastUpdated === 'string' ? wallet.lastUpdated : null,
    },
    transactions,
  };
}

/** `egp + hvt × nav` to two decimals: a display value (as the wallet UI shows it), not a ledger amount. */
function totalValue(egp: string, hvt: string, nav: JsonValue | undefined): string {
  const rate = typeof nav === 'string' && Number.isFinite(Number(nav)) ? nav : DEFAULT_NAV;
  const value = Number(egp) + Number(hvt) * Number(rate);
  return (Number.isFinite(value) ? value : 0).toFixed(2);
}

export async function getWalletInfo(data: Dataset, address: string) {
  const [wallet, stats] = await Promise.all([walletOrThrow(data, address), data.liveStats()]);
  const balances = balancesOf(wallet);
  return {
    balances,
    created: typeof wallet.createdAt === 'string' ? wallet.createdAt.slice(0, 10) : null,
    totalValue: totalValue(balances.egp, balances.hvt, stats?.nav),
  };
}
