// The wizard's steps and fields: plain data the client form imports (nothing here may pull server code into the browser bundle).

/** The legacy wizard's steps, in order; each field belongs to one (the review step shows them all). */
export const ASSET_WIZARD_STEPS = [
  { id: 'basic', title: 'Basic information' },
  { id: 'investment', title: 'Investment details' },
  { id: 'legal', title: 'Legal and compliance' },
  { id: 'manager', title: 'Asset manager' },
  { id: 'review', title: 'Review' },
] as const;
export type AssetWizardStep = (typeof ASSET_WIZARD_STEPS)[number]['id'];

/** Every form field, the step it is on and how it is labelled (error summaries and the conflict view name fields by label). */
export const ASSET_FORM_FIELDS = {
  type: { step: 'basic', label: 'Type' },
  title: { step: 'basic', label: 'Title' },
  description: { step: 'basic', label: 'Description' },
  category: { step: 'basic', label: 'Category' },
  location: { step: 'basic', label: 'Location' },
  sector: { step: 'basic', label: 'Sector' },
  highlights: { step: 'basic', label: 'Highlights' },
  image: { step: 'basic', label: 'Image' },
  tokenSymbol: { step: 'investment', label: 'Token symbol' },
  tokenPrice: { step: 'investment', label: 'Token price' },
  maxSupply: { step: 'investment', label: 'Maximum supply' },
  minimumInvestment: { step: 'investment', label: 'Minimum investment' },
  softCap: { step: 'investment', label: 'Soft cap (interested users)' },
  expectedROI: { step: 'investment', label: 'Expected ROI (%)' },
  roiModel: { step: 'investment', label: 'ROI model' },
  lockupPeriod: { step: 'investment', label: 'Lock-up period (days)' },
  deadline: { step: 'investment', label: 'Deadline' },
  impact: { step: 'investment', label: 'Impact statement' },
  jurisdiction: { step: 'legal', label: 'Jurisdiction' },
  spvName: { step: 'legal', label: 'SPV name' },
  custodyType: { step: 'legal', label: 'Custody type' },
  minTierRequired: { step: 'legal', label: 'Minimum tier' },
  contractAddress: { step: 'legal', label: 'Contract address' },
  legalDocuments: { step: 'legal', label: 'Legal documents' },
  contactFormat: { step: 'manager', label: 'Contact by' },
  contactValue: { step: 'manager', label: 'Contact' },
  assetManagerProfile: { step: 'manager', label: 'Asset manager profile' },
} as const satisfies Record<string, { step: AssetWizardStep; label: string }>;
export type AssetFormField = keyof typeof ASSET_FORM_FIELDS;

/** The form's text inputs by name (what the wizard keeps in state and posts); the manager profile is flattened. */
export type AssetFormValues = {
  type: string;
  title: string;
  description: string;
  category: string;
  location: string;
  sector: string;
  highlights: string;
  image: string;
  thumbnailId: string;
  tokenSymbol: string;
  tokenPrice: string;
  maxSupply: string;
  minimumInvestment: string;
  softCap: string;
  expectedROI: string;
  roiModel: string;
  lockupPeriod: string;
  deadline: string;
  impact: string;
  jurisdiction: string;
  spvName: string;
  custodyType: string;
  minTierRequired: string;
  contractAddress: string;
  legalDocuments: string;
  contactFormat: string;
  contactValue: string;
  managerName: string;
  managerTitle: string;
  managerBio: string;
  managerVerified: string;
  managerPartner: string;
};
