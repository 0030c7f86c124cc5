/** The star on a finding the engineer marked as evidence. */
import { useTranslation } from 'react-i18next';
import { useCase } from '../../state/case-store';

export function FindingMark({ id }: { id: string }) {
  const { t } = useTranslation();
  const marked = useCase((s) => s.marks.findings.has(id));
  if (!marked) return null;
  return (
    <span
      className="td-case-star td-finding__mark"
      role="img"
      aria-label={t('case.marked')}
      title={t('case.marked')}
      data-testid="finding-marked"
    >
      ★
    </span>
  );
}
