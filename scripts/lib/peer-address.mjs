// Preloaded into the Next server (`node --import`, see scripts/lib/serve.ts): Next's route handlers and
// server actions never see the TCP peer, and `next start` only fills X-Forwarded-For with it when the
// client sent none (Next 16 base-server: `x-forwarded-for ??= socket.remoteAddress`), so a direct
// client chooses its own address. This sets `x-pend-peer-address` to the socket's address on every
// request, overwriting whatever the client sent under that name, and marks the process so
// lib/request-info.ts trusts the header only where this ran.
import http from 'node:http';

const HEADER = 'x-pend-peer-address';
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitWithPeerAddress(event, request, ...rest) {
  if (event === 'request' && request && request.headers) request.headers[HEADER] = request.socket?.remoteAddress ?? '';
  return emit.call(this, event, request, ...rest);
};
globalThis.__pendPeerAddressHeader = true;
