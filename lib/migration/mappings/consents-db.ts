import type { SourceMapping } from '../source-mapping';
import { orderedJson } from '../shared-codecs';

/**
 * consents-db.json → consents: identity hash (the key) → the identity's consent value, opaque and
 * carried through untouched as one jsonb value. The known record order only spares the layout patch.
 */
export const consentsDbMapping: SourceMapping = {
  source: 'consents-db',
  table: 'consents',
  identitySeenIn: 'in_consents',
  root: { column: 'consent_records', codec: orderedJson({ items: { keys: [['action', 'tier', 'signedAt', 'channel', 'termsVersion']] } }) },
  fields: [],
};
