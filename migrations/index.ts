import { Migration20261125000000Foundation } from './Migration20261125000000Foundation';
import { Migration20261125010000MigrationEngine } from './Migration20261125010000MigrationEngine';
import { Migration20261125020000LegacyAdmin } from './Migration20261125020000LegacyAdmin';
import { Migration20261125030000LegacyExplorer } from './Migration20261125030000LegacyExplorer';
import { Migration20261125040000SyncAndStorage } from './Migration20261125040000SyncAndStorage';
import { Migration20261125050000UserProfiles } from './Migration20261125050000UserProfiles';
import { Migration20261125060000BulkLoadIndexes } from './Migration20261125060000BulkLoadIndexes';
import { Migration20261201000000CarriedFiles } from './Migration20261201000000CarriedFiles';
import { Migration20261205010000KycDocumentSizeCheck } from './Migration20261205010000KycDocumentSizeCheck';
import { Migration20261205011000Identities } from './Migration20261205011000Identities';
import { Migration20261205012000KycDocumentsWithoutApplication } from './Migration20261205012000KycDocumentsWithoutApplication';
import { Migration20261205020000AuditEveryTable } from './Migration20261205020000AuditEveryTable';
import { Migration20261205030000ListQueryIndexes } from './Migration20261205030000ListQueryIndexes';
import { Migration20261205031000LegacyAssetListIndex } from './Migration20261205031000LegacyAssetListIndex';
import { Migration20261205040000SavedViews } from './Migration20261205040000SavedViews';
import { Migration20261205210000ArabicSearchFolding } from './Migration20261205210000ArabicSearchFolding';
import { Migration20261205210100AssetFiguresIndex } from './Migration20261205210100AssetFiguresIndex';
import { Migration20261205213000KycReview } from './Migration20261205213000KycReview';
import { Migration20261205214000ExportJobs } from './Migration20261205214000ExportJobs';
import { Migration20261205214000KycBulkProposals } from './Migration20261205214000KycBulkProposals';
import { Migration20261205215000UserProfilesFromIdentities } from './Migration20261205215000UserProfilesFromIdentities';
import { Migration20261205215100TransactionFeedIndexes } from './Migration20261205215100TransactionFeedIndexes';
import { Migration20261205216000ExplorerIndexes } from './Migration20261205216000ExplorerIndexes';
import { Migration20261205220000TierImports } from './Migration20261205220000TierImports';
import { Migration20261205223000PhoneSearchTokens } from './Migration20261205223000PhoneSearchTokens';
import { Migration20261205224000UserPage } from './Migration20261205224000UserPage';
import { Migration20261205225000UserDirectory } from './Migration20261205225000UserDirectory';
import { Migration20261206030000AuditTimeFromDatabase } from './Migration20261206030000AuditTimeFromDatabase';

/** Every schema migration in order; names are explicit so bundling or minifying cannot change them. */
export const migrationsList = [
  { name: 'Migration20261125000000Foundation', class: Migration20261125000000Foundation },
  { name: 'Migration20261125010000MigrationEngine', class: Migration20261125010000MigrationEngine },
  { name: 'Migration20261125020000LegacyAdmin', class: Migration20261125020000LegacyAdmin },
  { name: 'Migration20261125030000LegacyExplorer', class: Migration20261125030000LegacyExplorer },
  { name: 'Migration20261125040000SyncAndStorage', class: Migration20261125040000SyncAndStorage },
  { name: 'Migration20261125050000UserProfiles', class: Migration20261125050000UserProfiles },
  { name: 'Migration20261125060000BulkLoadIndexes', class: Migration20261125060000BulkLoadIndexes },
  { name: 'Migration20261201000000CarriedFiles', class: Migration20261201000000CarriedFiles },
  { name: 'Migration20261205010000KycDocumentSizeCheck', class: Migration20261205010000KycDocumentSizeCheck },
  { name: 'Migration20261205011000Identities', class: Migration20261205011000Identities },
  { name: 'Migration20261205012000KycDocumentsWithoutApplication', class: Migration20261205012000KycDocumentsWithoutApplication },
  { name: 'Migration20261205020000AuditEveryTable', class: Migration20261205020000AuditEveryTable },
  { name: 'Migration20261205030000ListQueryIndexes', class: Migration20261205030000ListQueryIndexes },
  { name: 'Migration20261205031000LegacyAssetListIndex', class: Migration20261205031000LegacyAssetListIndex },
  { name: 'Migration20261205040000SavedViews', class: Migration20261205040000SavedViews },
  { name: 'Migration20261205210000ArabicSearchFolding', class: Migration20261205210000ArabicSearchFolding },
  { name: 'Migration20261205210100AssetFiguresIndex', class: Migration20261205210100AssetFiguresIndex },
  { name: 'Migration20261205213000KycReview', class: Migration20261205213000KycReview },
  { name: 'Migration20261205214000ExportJobs', class: Migration20261205214000ExportJobs },
  { name: 'Migration20261205214000KycBulkProposals', class: Migration20261205214000KycBulkProposals },
  { name: 'Migration20261205215000UserProfilesFromIdentities', class: Migration20261205215000UserProfilesFromIdentities },
  { name: 'Migration20261205215100TransactionFeedIndexes', class: Migration20261205215100TransactionFeedIndexes },
  { name: 'Migration20261205216000ExplorerIndexes', class: Migration20261205216000ExplorerIndexes },
  { name: 'Migration20261205220000TierImports', class: Migration20261205220000TierImports },
  { name: 'Migration20261205223000PhoneSearchTokens', class: Migration20261205223000PhoneSearchTokens },
  { name: 'Migration20261205224000UserPage', class: Migration20261205224000UserPage },
  { name: 'Migration20261205225000UserDirectory', class: Migration20261205225000UserDirectory },
  { name: 'Migration20261206030000AuditTimeFromDatabase', class: Migration20261206030000AuditTimeFromDatabase },
];

export const migrationNames = migrationsList.map((migration) => migration.name);
