/** While files are dragged over a loaded window: where to drop them (a side, logs, or detect). */
import { useTranslation } from 'react-i18next';
import { useWorkbench } from '../state/workbench-store';
import { DropZone } from './drop-zone';

export function DropOverlay() {
  const { t } = useTranslation();
  const dragging = useWorkbench((s) => s.dragging);
  if (!dragging) return null;
  return (
    <div className="td-drop-overlay" data-testid="drop-overlay">
      <DropZone
        role="baseline"
        testId="drop-overlay-baseline"
        icon="✓"
        title={t('empty.dropBaseline')}
        hint={t('sides.baselineLong')}
      />
      <DropZone
        role="problem"
        testId="drop-overlay-problem"
        icon="✕"
        title={t('empty.dropProblem')}
        hint={t('sides.problemLong')}
      />
      <DropZone
        role="auto"
        testId="drop-overlay-auto"
        icon="⇣"
        title={t('drop.auto')}
        hint={t('drop.autoHint')}
      />
    </div>
  );
}
