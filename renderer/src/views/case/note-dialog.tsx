/**
 * N: the note of a mark — tags (the built-in four and the user's own) and free text in any script.
 * Chinese input methods compose inside the text field; Enter there is theirs, Ctrl+Enter saves.
 */
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCase, type NoteTarget } from '../../state/case-store';
import { useWorkbench } from '../../state/workbench-store';
import { saveNote } from './case-actions';
import { CaseModal } from './case-modal';
import { BUILTIN_TAGS, tagLabel, targetLabel } from './target-label';

export function NoteDialog() {
  const note = useCase((s) => s.note);
  // Keyed by the target so each opening starts from the annotation's stored text.
  return note ? (
    <NoteForm key={`${note.annotationId ?? 'new'}:${JSON.stringify(note.target)}`} note={note} />
  ) : null;
}

function NoteForm({ note }: { note: NoteTarget }) {
  const { t } = useTranslation();
  const host = useWorkbench((s) => s.host);
  const state = useCase((s) => s.state);
  const close = () => useCase.getState().setNote(null);
  const existing = state?.case.annotations.find((a) => a.id === note.annotationId);
  const view = state?.annotations.find((a) => a.id === note.annotationId);
  const [tags, setTags] = useState<string[]>(existing?.tags ?? []);
  const [text, setText] = useState(existing?.note ?? '');
  const [custom, setCustom] = useState('');
  const [saving, setSaving] = useState(false);
  const customTags = tags.filter((x) => !(BUILTIN_TAGS as readonly string[]).includes(x));

  const toggle = (tag: string) =>
    setTags((ts) => (ts.includes(tag) ? ts.filter((x) => x !== tag) : [...ts, tag]));
  const addCustom = () => {
    const v = custom.trim();
    if (v && !tags.includes(v)) setTags((ts) => [...ts, v]);
    setCustom('');
  };
  const submit = async () => {
    if (saving) return;
    setSaving(true);
    const all = custom.trim() && !tags.includes(custom.trim()) ? [...tags, custom.trim()] : tags;
    if (await saveNote(note, all, text)) close();
    else setSaving(false);
  };
  const onTextKey = (e: KeyboardEvent) => {
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    }
  };

  return (
    <CaseModal
      title={existing ? t('case.note.editTitle') : t('case.note.newTitle')}
      testId="note-dialog"
      onClose={close}
    >
      <p className="td-case-target">
        <span className="td-case-star" aria-hidden="true">
          ★
        </span>{' '}
        <strong>{targetLabel(note.target, t, host, view?.findingRank)}</strong>
        {view?.summary && <span className="td-muted td-case-summary"> {view.summary}</span>}
      </p>
      <fieldset className="td-case-tags">
        <legend>{t('case.note.tags')}</legend>
        {BUILTIN_TAGS.map((tag) => (
          <label key={tag} className={`td-check td-tag td-tag--${tag}`}>
            <input
              type="checkbox"
              checked={tags.includes(tag)}
              onChange={() => toggle(tag)}
              data-testid={`tag-${tag}`}
            />
            {tagLabel(tag, t)}
          </label>
        ))}
        {customTags.map((tag) => (
          <button
            key={tag}
            type="button"
            className="td-tag td-tag--custom"
            title={t('case.note.removeTag')}
            onClick={() => toggle(tag)}
          >
            {tag} ×
          </button>
        ))}
        <input
          className="td-input td-case-tags__new"
          value={custom}
          placeholder={t('case.note.customTag')}
          aria-label={t('case.note.customTag')}
          onChange={(e) => setCustom(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
              e.preventDefault();
              addCustom();
            }
          }}
          data-testid="tag-custom"
        />
      </fieldset>
      <label className="td-field">
        <span>{t('case.note.text')}</span>
        <textarea
          className="td-textarea"
          rows={6}
          autoFocus
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onTextKey}
          placeholder={t('case.note.placeholder')}
          data-testid="note-text"
        />
      </label>
      <div className="td-modal__actions">
        <span className="td-muted td-small">{t('case.note.hint')}</span>
        <button type="button" className="td-btn" onClick={close}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="td-btn td-btn--primary"
          disabled={saving}
          onClick={() => void submit()}
          data-testid="note-save"
        >
          {t('case.note.save')}
        </button>
      </div>
    </CaseModal>
  );
}
