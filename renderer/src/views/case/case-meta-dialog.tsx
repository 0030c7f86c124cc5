/**
 * The case's details: title, ticket, customer, engineer, both machines (prefilled by the host from
 * the captures and logs) and the conclusion the report opens with (multi-line, any script).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseMetadata } from '../../../../shared/model/case';
import { getApi } from '../../api/get-api';
import { errorMessage } from '../../logic/error-message';
import { useCase } from '../../state/case-store';
import { useWorkbench } from '../../state/workbench-store';
import { CaseModal } from './case-modal';

export function CaseMetaDialog() {
  const open = useCase((s) => s.dialog === 'meta');
  const state = useCase((s) => s.state);
  return open && state ? (
    <MetaForm title={state.case.title} conclusion={state.case.conclusion} meta={state.case.metadata} />
  ) : null;
}

function MetaForm(props: { title: string; conclusion: string; meta: CaseMetadata }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(props.title);
  const [conclusion, setConclusion] = useState(props.conclusion);
  const [meta, setMeta] = useState<CaseMetadata>(props.meta);
  const [saving, setSaving] = useState(false);
  const close = () => useCase.getState().setDialog(null);
  const field = (key: 'ticket' | 'customer' | 'engineer') => (
    <label className="td-field">
      <span>{t(`case.meta.${key}`)}</span>
      <input
        className="td-input"
        value={meta[key]}
        onChange={(e) => setMeta({ ...meta, [key]: e.target.value })}
        data-testid={`meta-${key}`}
      />
    </label>
  );
  const machine = (side: 'baseline' | 'problem', key: 'name' | 'os') => (
    <input
      className="td-input"
      aria-label={`${t(`sides.${side}`)} ${t(`case.meta.machine.${key}`)}`}
      value={meta.machines[side][key]}
      onChange={(e) =>
        setMeta({
          ...meta,
          machines: { ...meta.machines, [side]: { ...meta.machines[side], [key]: e.target.value } },
        })
      }
      data-testid={`meta-${side}-${key}`}
    />
  );
  const save = async () => {
    setSaving(true);
    try {
      const state = await getApi().updateCaseMeta({ title, conclusion, metadata: meta });
      useCase.getState().setState(state);
      close();
    } catch (e) {
      useWorkbench.getState().pushError(errorMessage(e));
      setSaving(false);
    }
  };

  return (
    <CaseModal title={t('case.meta.title')} testId="case-meta-dialog" onClose={close} wide>
      <label className="td-field">
        <span>{t('case.meta.caseTitle')}</span>
        <input
          className="td-input"
          autoFocus
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          data-testid="meta-title"
        />
      </label>
      <div className="td-case-grid3">
        {field('ticket')}
        {field('customer')}
        {field('engineer')}
      </div>
      <table className="td-case-machines">
        <thead>
          <tr>
            <th />
            <th>{t('case.meta.machine.name')}</th>
            <th>{t('case.meta.machine.os')}</th>
          </tr>
        </thead>
        <tbody>
          {(['baseline', 'problem'] as const).map((side) => (
            <tr key={side}>
              <th scope="row">{t(`sides.${side}Long`)}</th>
              <td>{machine(side, 'name')}</td>
              <td>{machine(side, 'os')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <label className="td-field">
        <span>{t('case.meta.conclusion')}</span>
        <textarea
          className="td-textarea td-textarea--tall"
          rows={8}
          value={conclusion}
          onChange={(e) => setConclusion(e.target.value)}
          placeholder={t('case.meta.conclusionHint')}
          data-testid="meta-conclusion"
        />
      </label>
      <div className="td-modal__actions">
        <button type="button" className="td-btn" onClick={close}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="td-btn td-btn--primary"
          disabled={saving}
          onClick={() => void save()}
          data-testid="meta-save"
        >
          {t('case.meta.apply')}
        </button>
      </div>
    </CaseModal>
  );
}
