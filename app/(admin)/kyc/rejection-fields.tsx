import { FormField } from '@/components/ui/form-field';
import { NativeSelect } from '@/components/ui/native-select';
import { Textarea } from '@/components/ui/textarea';
import { KYC_REJECTION_CATEGORIES, KYC_REJECTION_LABELS } from '@/lib/kyc/kyc.schemas';
import { cn } from '@/lib/utils';

/** A rejection's reason category and note, the same fields for one case and for a bulk rejection (both parsed by the KYC decision schema). */
export function RejectionFields({
  idPrefix,
  errors,
  noteHint,
  className,
}: {
  idPrefix: string;
  errors: Partial<Record<string, string[]>>;
  noteHint: string;
  className?: string;
}) {
  return (
    <>
      <FormField id={`${idPrefix}-category`} label="Reason category" errors={errors.category}>
        <NativeSelect name="category" defaultValue="" className={cn('w-80', className)} required>
          <option value="" disabled>
            Choose a category
          </option>
          {KYC_REJECTION_CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {KYC_REJECTION_LABELS[category]}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <FormField id={`${idPrefix}-note`} label="What is wrong" hint={noteHint} errors={errors.note}>
        <Textarea name="note" rows={3} maxLength={2000} required />
      </FormField>
    </>
  );
}
