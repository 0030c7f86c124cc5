/**
 * Every annotation of the case, in the order they were made: what it points at, its tags and note.
 * Clicking one goes to it (finding, aligned row, trace event or log line); each can be edited or
 * removed. Marks whose capture or log is not loaded stay listed, greyed, with the reason.
 */
import { useTranslation } from 'react-i18next';
import type { AnnotationView } from '../../../../shared/contract';
import type { Annotation } from '../../../../shared/model/case';
import { useCase } from '../../state/case-store';
import { useWorkbench } from '../../state/workbench-store';
import { editAnnotation, goToAnnotation, removeAnnotation } from './case-actions';
import { tagLabel, viewLabel } from './target-label';

function EvidenceItem({ a, view }: { a: Annotation; view: AnnotationView }) {
  const { t } = useTranslation();
  const host = useWorkbench((s) => s.host);
  const attached = view.ref !== null;
  return (
    <li className={`td-evidence${attached ? '' : ' td-evidence--detached'}`} data-testid="evidence-item">
      <button
        type="button"
        className="td-evidence__main"
        disabled={!attached}
        onClick={() => void goToAnnotation(view)}
        title={attached ? t('case.evidence.goTo') : undefined}
      >
        <span className="td-evidence__head">
          <span className="td-case-star" aria-hidden="true">
            ★
          </span>
          <span className="td-evidence__label" data-testid="evidence-label">
            {viewLabel(view, t, host)}
          </span>
          {a.tags.map((tag) => (
            <span key={tag} className={`td-tag td-tag--${tag}`}>
              {tagLabel(tag, t)}
            </span>
          ))}
        </span>
        {view.summary && <span className="td-evidence__summary">{view.summary}</span>}
        {a.note && (
          <span className="td-evidence__note" data-testid="evidence-note">
            {a.note}
          </span>
        )}
      </button>
      <span className="td-evidence__actions">
        <button
          type="button"
          className="td-icon-btn"
          disabled={!attached}
          aria-label={t('case.evidence.edit')}
          title={t('case.evidence.edit')}
          onClick={() => editAnnotation(view)}
          data-testid="evidence-edit"
        >
          ✎
        </button>
        <button
          type="button"
          className="td-icon-btn"
          aria-label={t('case.evidence.remove')}
          title={t('case.evidence.remove')}
          onClick={() => {
            if (!a.note.trim() || window.confirm(t('case.evidence.confirmRemove')))
              void removeAnnotation(a.id);
          }}
          data-testid="evidence-remove"
        >
          ✕
        </button>
      </span>
    </li>
  );
}

export function EvidencePanel() {
  const { t } = useTranslation();
  const state = useCase((s) => s.state);
  const annotations = state?.case.annotations ?? [];
  const views = new Map((state?.annotations ?? []).map((v) => [v.id, v]));
  const conclusion = state?.case.conclusion.trim() ?? '';

  return (
    <section
      className="td-panel td-evidence-panel"
      data-testid="evidence-panel"
      aria-label={t('case.evidence.title')}
    >
      <div className="td-panel__head">
        <span className="td-panel__title">{t('case.evidence.title')}</span>
        <span className="td-muted">{annotations.length > 0 ? annotations.length : ''}</span>
        <span className="td-spacer" />
        <button
          type="button"
          className="td-btn td-btn--small"
          onClick={() => useCase.getState().setDialog('meta')}
          data-testid="evidence-meta"
        >
          {t('case.meta.open')}
        </button>
      </div>
      <div className="td-evidence-panel__body">
        <div className="td-evidence-conclusion" data-testid="evidence-conclusion">
          <span className="td-evidence-conclusion__label">{t('case.meta.conclusion')}</span>
          {conclusion ? (
            <span className="td-evidence-conclusion__text">{conclusion}</span>
          ) : (
            <span className="td-muted">{t('case.evidence.noConclusion')}</span>
          )}
        </div>
        {annotations.length === 0 ? (
          <p className="td-panel__empty">{t('case.evidence.empty')}</p>
        ) : (
          <ol className="td-evidence-list">
            {annotations.map((a) => {
              const v = views.get(a.id);
              return v ? <EvidenceItem key={a.id} a={a} view={v} /> : null;
            })}
          </ol>
        )}
      </div>
    </section>
  );
}
