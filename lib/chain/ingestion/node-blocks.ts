import type { PublicClient } from 'viem';
import type { JsonObject } from '@/lib/legacy/canonical-json';

/**
 * One block as the node has it, with its transactions and their receipts, already in the shape of the
 * legacy files (full-chain-history.json, persistent-transactions.json) so that a stored block is
 * exactly what an import of the mirrored file would store.
 */
export type NodeBlock = { number: bigint; hash: string; parentHash: string; block: JsonObject; transactions: JsonObject[] };

const iso = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString();

/** The block's hash and its parent's, as the node has them now (null past the node's head). */
export async function fetchBlockHash(node: PublicClient, number: bigint): Promise<{ hash: string; parentHash: string } | null> {
  const block = await node.getBlock({ blockNumber: number }).catch(notFoundAsNull);
  return block?.hash ? { hash: block.hash, parentHash: block.parentHash } : null;
}

/** The block, its transactions and their receipts; null when the node has no such block (yet). */
export async function fetchNodeBlock(node: PublicClient, number: bigint): Promise<NodeBlock | null> {
  const block = await node.getBlock({ blockNumber: number, includeTransactions: true }).catch(notFoundAsNull);
  if (!block?.hash) return null;
  const timestamp = iso(block.timestamp);
  const receipts = await Promise.all(block.transactions.map((tx) => node.getTransactionReceipt({ hash: tx.hash })));
  const transactions = block.transactions.map((tx, index): JsonObject => {
    const receipt = receipts[index];
    const type = tx.to === null ? 'contract_creation' : tx.input === '0x' ? 'transfer' : 'contract_call';
    return {
      hash: tx.hash,
      blockNumber: Number(block.number),
      blockHash: block.hash,
      transactionIndex: tx.transactionIndex ?? index,
      from: tx.from,
      to: tx.to ?? null,
      value: tx.value.toString(),
      gasUsed: Number(receipt.gasUsed),
      gasPrice: (receipt.effectiveGasPrice ?? tx.gasPrice ?? 0n).toString(),
      type,
      status: receipt.status === 'success' ? 'confirmed' : 'failed',
      timestamp,
      ...(receipt.contractAddress ? { contractAddress: receipt.contractAddress } : {}),
      ...(receipt.logs.length ? { logCount: receipt.logs.length } : {}),
    };
  });
  const record: JsonObject = {
    number: Number(block.number),
    hash: block.hash,
    parentHash: block.parentHash,
    timestamp,
    transactionCount: block.transactions.length,
    gasUsed: Number(block.gasUsed),
    gasLimit: Number(block.gasLimit),
    ...(block.baseFeePerGas === null || block.baseFeePerGas === undefined ? {} : { baseFeePerGas: Number(block.baseFeePerGas) }),
    size: Number(block.size),
    miner: block.miner,
    extraData: block.extraData,
  };
  return { number: block.number, hash: block.hash, parentHash: block.parentHash, block: record, transactions };
}

// viem throws BlockNotFoundError for a number past the head; any other failure is the node's and propagates.
function notFoundAsNull(error: unknown): null {
  if (error instanceof Error && error.name === 'BlockNotFoundError') return null;
  throw error;
}
