/**
 * Everything of the case that is not a pane: its dialogs, its keys, its items in the rows' context
 * menu, keeping the case in step with the host, and redrawing the grids when marks change.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlignedRow, AnnotationTargetRef } from '../../../../shared/contract';
import type { LogEntry } from '../../../../shared/model/log';
import type { TraceEventRow } from '../../../../shared/model/trace';
import { registerRowMenuItems, type RowTarget } from '../../components/context-menu-store';
import { getGrid } from '../../grid/grid-registry';
import { annotationsCovering, useCase } from '../../state/case-store';
import { useWorkbench } from '../../state/workbench-store';
import { alignedTarget, logTarget, openNote, refreshCase, toggleMark } from './case-actions';
import { CaseInputsDialog } from './case-inputs-dialog';
import { CaseMetaDialog } from './case-meta-dialog';
import { ExportDialog } from './export-dialog';
import { NoteDialog } from './note-dialog';
import { OpenCaseDialog } from './open-case-dialog';
import { useCaseKeys } from './use-case-keys';
import './case.css';

function targetOfRow(target: RowTarget): AnnotationTargetRef | null {
  if (!target.data) return null;
  if (target.grid === 'aligned') return alignedTarget(target.data as AlignedRow);
  if (target.grid === 'logs') return logTarget(target.data as LogEntry);
  return { type: 'event', side: target.grid, seq: (target.data as TraceEventRow).seq };
}

export function CaseLayer() {
  const { t } = useTranslation();
  const marksVersion = useCase((s) => s.marksVersion);
  useCaseKeys();

  // The case follows the host: re-read when the data, the logs or the case's own status change.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void refreshCase(), 120);
    };
    const unsubscribe = useWorkbench.subscribe((s, prev) => {
      const a = s.host?.caseStatus;
      const b = prev.host?.caseStatus;
      if (
        s.dataVersion !== prev.dataVersion ||
        s.logsVersion !== prev.logsVersion ||
        s.host?.caseTitle !== prev.host?.caseTitle ||
        a?.annotations !== b?.annotations ||
        a?.path !== b?.path ||
        (s.booting !== prev.booting && !s.booting)
      )
        schedule();
    });
    if (!useWorkbench.getState().booting) schedule();
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, []);

  useEffect(() => {
    for (const name of ['aligned', 'baseline', 'problem', 'logs'] as const) getGrid(name)?.redrawRows();
  }, [marksVersion]);

  useEffect(
    () =>
      registerRowMenuItems((row) => {
        const target = targetOfRow(row);
        if (!target) return [];
        const marked = annotationsCovering(useCase.getState().state, target).length > 0;
        return [
          'separator',
          {
            id: 'case-mark',
            label: `${marked ? t('case.menu.unmark') : t('case.menu.mark')}  (Space)`,
            run: () => toggleMark(target),
          },
          { id: 'case-note', label: `${t('case.menu.note')}  (N)`, run: () => openNote(target) },
        ];
      }),
    [t],
  );

  return (
    <>
      <NoteDialog />
      <CaseMetaDialog />
      <ExportDialog />
      <OpenCaseDialog />
      <CaseInputsDialog />
    </>
  );
}
