import type { InputKind } from '../../../../shared/model/trace';

/** Recognises Windows log text (CBS, DISM, Panther, WindowsUpdate, Event Viewer exports). Placeholder: recognises none yet. */
export function sniffLogText(_text: string): InputKind | null {
  return null;
}
