/**
 * A drag handle between two panes. It reports a new size for the pane it controls; the caller keeps
 * the size (remembered in localStorage through the preferences store). Arrow keys move it too.
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

export interface SplitterProps {
  /** 'x': drag left/right to change a width; 'y': drag up/down to change a height. */
  axis: 'x' | 'y';
  value: number;
  min: number;
  max: number;
  /** True when moving the handle towards larger coordinates makes the pane smaller. */
  invert?: boolean;
  onChange(value: number): void;
  label: string;
  testId?: string;
  /** For sizes kept as shares: how many pixels one unit of `value` is (read when a drag starts). */
  pixelsPerUnit?: () => number;
}

export function Splitter(props: SplitterProps) {
  const start = useRef<{ pos: number; value: number; scale: number } | null>(null);
  const clamp = (v: number) => Math.round(Math.min(props.max, Math.max(props.min, v)));
  const sign = props.invert ? -1 : 1;

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    const scale = Math.max(0.01, props.pixelsPerUnit?.() ?? 1);
    start.current = { pos: props.axis === 'x' ? e.clientX : e.clientY, value: props.value, scale };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!start.current) return;
    const pos = props.axis === 'x' ? e.clientX : e.clientY;
    props.onChange(clamp(start.current.value + (sign * (pos - start.current.pos)) / start.current.scale));
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    start.current = null;
    e.currentTarget.releasePointerCapture(e.pointerId);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const back = props.axis === 'x' ? 'ArrowLeft' : 'ArrowUp';
    const fwd = props.axis === 'x' ? 'ArrowRight' : 'ArrowDown';
    if (e.key !== back && e.key !== fwd) return;
    e.preventDefault();
    const step = (e.key === fwd ? 16 : -16) * sign;
    props.onChange(clamp(props.value + step));
  };

  return (
    <div
      className={`td-splitter td-splitter--${props.axis}`}
      role="separator"
      aria-orientation={props.axis === 'x' ? 'vertical' : 'horizontal'}
      aria-label={props.label}
      aria-valuenow={props.value}
      aria-valuemin={props.min}
      aria-valuemax={props.max}
      tabIndex={0}
      data-testid={props.testId}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
