/** How an annotation's target is named in the window ("Problem #790", "CBS.log:42", "Finding 1"). */
import type { TFunction } from 'i18next';
import type { AnnotationTargetRef, AnnotationView, WorkbenchState } from '../../../../shared/contract';
import { BUILTIN_TAGS, isBuiltinTag } from '../../../../shared/model/case';

export function targetLabel(
  ref: AnnotationTargetRef,
  t: TFunction,
  host: WorkbenchState | null,
  findingRank?: number,
): string {
  switch (ref.type) {
    case 'event':
      return `${t(`sides.${ref.side}`)} #${ref.seq}`;
    case 'aligned':
      return [
        ref.baselineSeq >= 0 ? `${t('sides.baseline')} #${ref.baselineSeq}` : '',
        ref.problemSeq >= 0 ? `${t('sides.problem')} #${ref.problemSeq}` : '',
      ]
        .filter(Boolean)
        .join(' ↔ ');
    case 'log': {
      const name = host?.logs.find((l) => l.id === ref.logId)?.fileName ?? ref.logId;
      return `${name}:${ref.line}`;
    }
    case 'finding':
      return findingRank !== undefined
        ? t('case.target.findingRank', { rank: findingRank })
        : t('case.target.finding');
  }
}

export function viewLabel(a: AnnotationView, t: TFunction, host: WorkbenchState | null): string {
  return a.ref
    ? targetLabel(a.ref, t, host, a.findingRank)
    : t(`case.detached.${a.detached ?? 'input-not-loaded'}`);
}

export function tagLabel(tag: string, t: TFunction): string {
  return isBuiltinTag(tag) ? t(`case.tags.${tag}`) : tag;
}

export { BUILTIN_TAGS };
