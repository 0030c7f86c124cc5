/** A target for files dropped for one role (baseline, problem, logs or auto-detect). */
import { useState, type DragEvent, type ReactNode } from 'react';
import type { InputRole } from '../../../shared/contract';
import { openDropped } from '../state/open-files';
import { useWorkbench } from '../state/workbench-store';

export function hasFiles(e: DragEvent | globalThis.DragEvent): boolean {
  return !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
}

export function DropZone(props: {
  role: InputRole;
  testId: string;
  title: string;
  hint?: string;
  icon?: ReactNode;
  onPick?: () => void;
  pickLabel?: string;
  className?: string;
}) {
  const [over, setOver] = useState(false);
  const setDragging = useWorkbench((s) => s.setDragging);
  const onDrop = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.stopPropagation();
    setOver(false);
    setDragging(false);
    void openDropped(Array.from(e.dataTransfer.files), props.role);
  };
  return (
    <div
      className={`td-drop td-drop--${props.role}${over ? ' td-drop--over' : ''} ${props.className ?? ''}`}
      data-testid={props.testId}
      data-role={props.role}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      {props.icon && (
        <div className="td-drop__icon" aria-hidden="true">
          {props.icon}
        </div>
      )}
      <div className="td-drop__title">{props.title}</div>
      {props.hint && <div className="td-drop__hint">{props.hint}</div>}
      {props.onPick && (
        <button type="button" className="td-btn" onClick={props.onPick} data-testid={`${props.testId}-pick`}>
          {props.pickLabel}
        </button>
      )}
    </div>
  );
}
