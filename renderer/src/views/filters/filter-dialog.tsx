/**
 * Ctrl+L: the filter dialog, as in Process Monitor. A rule is column, relation, value and
 * include/exclude; rules are listed with a checkbox to turn each on or off; presets save a rule list
 * by name. Changes apply on OK (or Apply) to every grid and to the aligned view.
 */
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilterRelation, FilterRule } from '../../../../shared/model/trace';
import { useFilters } from './filter-store';
import {
  columnLabel,
  FILTER_COLUMNS,
  FILTER_RELATIONS,
  relationLabel,
  RESULT_CLASSES,
  type FilterColumn,
} from './filter-labels';
import './filters.css';

export function FilterDialog() {
  const open = useFilters((s) => s.dialogOpen);
  // Mounted only while open, so each opening starts from the rules in force.
  return open ? <FilterForm /> : null;
}

function FilterForm() {
  const { t } = useTranslation();
  const store = useFilters();
  const [draft, setDraft] = useState<FilterRule[]>(() => store.rules.map((r) => ({ ...r })));
  const [column, setColumn] = useState<FilterColumn>('Process Name');
  const [relation, setRelation] = useState<FilterRelation>('is');
  const [value, setValue] = useState('');
  const [action, setAction] = useState<FilterRule['action']>('include');
  const [presetName, setPresetName] = useState('');
  const [preset, setPreset] = useState('');
  const close = () => store.setDialogOpen(false);

  const add = (e?: FormEvent) => {
    e?.preventDefault();
    if (value.trim() === '') return;
    const rule: FilterRule = { column, relation, value: value.trim(), action, enabled: true };
    setDraft((d) => [
      ...d.filter((r) => !(r.column === column && r.relation === relation && r.value === rule.value)),
      rule,
    ]);
    setValue('');
  };
  const apply = () => store.setRules(draft);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      close();
    }
  };

  return (
    <div className="td-modal-backdrop" onMouseDown={close}>
      <div
        className="td-modal td-filter-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={t('filter.title')}
        data-testid="filter-dialog"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        <div className="td-modal__head">
          <h2>{t('filter.title')}</h2>
          <button type="button" className="td-icon-btn" aria-label={t('common.close')} onClick={close}>
            ×
          </button>
        </div>
        <p className="td-muted td-small">{t('filter.lead')}</p>
        <form className="td-filter-row" onSubmit={add}>
          <select
            aria-label={t('filter.column')}
            value={column}
            onChange={(e) => setColumn(e.target.value as FilterColumn)}
            data-testid="filter-column"
          >
            {FILTER_COLUMNS.map((c) => (
              <option key={c} value={c}>
                {columnLabel(t, c)}
              </option>
            ))}
          </select>
          <select
            aria-label={t('filter.relation')}
            value={relation}
            onChange={(e) => setRelation(e.target.value as FilterRelation)}
            data-testid="filter-relation"
          >
            {FILTER_RELATIONS.map((r) => (
              <option key={r} value={r}>
                {relationLabel(t, r)}
              </option>
            ))}
          </select>
          <input
            className="td-input"
            aria-label={t('filter.value')}
            placeholder={t('filter.value')}
            value={value}
            list={column === 'Result Class' ? 'td-result-classes' : undefined}
            onChange={(e) => setValue(e.target.value)}
            data-testid="filter-value"
            autoFocus
          />
          <datalist id="td-result-classes">
            {RESULT_CLASSES.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
          <select
            aria-label={t('filter.action')}
            value={action}
            onChange={(e) => setAction(e.target.value as FilterRule['action'])}
            data-testid="filter-action"
          >
            <option value="include">{t('filter.include')}</option>
            <option value="exclude">{t('filter.exclude')}</option>
          </select>
          <button type="submit" className="td-btn" disabled={value.trim() === ''} data-testid="filter-add">
            {t('filter.add')}
          </button>
        </form>

        <div className="td-filter-list" role="group" aria-label={t('filter.rules')}>
          {draft.length === 0 ? (
            <p className="td-panel__empty">{t('filter.noRules')}</p>
          ) : (
            <table className="td-filter-table" data-testid="filter-rules">
              <thead>
                <tr>
                  <th scope="col">{t('filter.on')}</th>
                  <th scope="col">{t('filter.column')}</th>
                  <th scope="col">{t('filter.relation')}</th>
                  <th scope="col">{t('filter.value')}</th>
                  <th scope="col">{t('filter.action')}</th>
                  <th scope="col">
                    <span className="td-sr-only">{t('filter.remove')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {draft.map((r, i) => (
                  <tr
                    key={`${r.column}|${r.relation}|${r.value}|${i}`}
                    className={r.enabled === false ? 'td-filter-table__off' : undefined}
                    data-testid="filter-rule"
                  >
                    <td>
                      <input
                        type="checkbox"
                        checked={r.enabled !== false}
                        aria-label={t('filter.enableRule', { n: i + 1 })}
                        onChange={(e) =>
                          setDraft((d) =>
                            d.map((x, j) => (j === i ? { ...x, enabled: e.target.checked } : x)),
                          )
                        }
                      />
                    </td>
                    <td>{columnLabel(t, r.column)}</td>
                    <td>{relationLabel(t, r.relation)}</td>
                    <td className="td-mono td-filter-table__value" title={r.value}>
                      {r.value}
                    </td>
                    <td className={r.action === 'exclude' ? 'td-fail-text' : 'td-ok-text'}>
                      {t(`filter.${r.action}`)}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="td-icon-btn"
                        aria-label={t('filter.removeRule', { n: i + 1 })}
                        onClick={() => setDraft((d) => d.filter((_, j) => j !== i))}
                      >
                        ×
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>

        <div className="td-filter-presets">
          <select
            aria-label={t('filter.presets')}
            value={preset}
            onChange={(e) => setPreset(e.target.value)}
            data-testid="filter-preset"
          >
            <option value="">{t('filter.choosePreset')}</option>
            {store.presets.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name} ({p.rules.length})
              </option>
            ))}
          </select>
          <button
            type="button"
            className="td-btn td-btn--small"
            disabled={!preset}
            onClick={() => {
              const p = store.presets.find((x) => x.name === preset);
              if (p) setDraft(p.rules.map((r) => ({ ...r })));
            }}
          >
            {t('filter.loadPreset')}
          </button>
          <button
            type="button"
            className="td-btn td-btn--small"
            disabled={!preset}
            onClick={() => {
              store.deletePreset(preset);
              setPreset('');
            }}
          >
            {t('filter.deletePreset')}
          </button>
          <span className="td-spacer" />
          <input
            className="td-input td-input--small"
            aria-label={t('filter.presetName')}
            placeholder={t('filter.presetName')}
            value={presetName}
            onChange={(e) => setPresetName(e.target.value)}
            data-testid="filter-preset-name"
          />
          <button
            type="button"
            className="td-btn td-btn--small"
            disabled={presetName.trim() === '' || draft.length === 0}
            onClick={() => {
              store.savePreset(presetName.trim(), draft);
              setPreset(presetName.trim());
              setPresetName('');
            }}
            data-testid="filter-save-preset"
          >
            {t('filter.savePreset')}
          </button>
        </div>

        <div className="td-modal__actions">
          <button type="button" className="td-btn" onClick={() => setDraft([])} data-testid="filter-reset">
            {t('filter.reset')}
          </button>
          <span className="td-spacer" />
          <button type="button" className="td-btn" onClick={close}>
            {t('common.cancel')}
          </button>
          <button type="button" className="td-btn" onClick={apply} data-testid="filter-apply">
            {t('filter.apply')}
          </button>
          <button
            type="button"
            className="td-btn td-btn--primary"
            onClick={() => {
              apply();
              close();
            }}
            data-testid="filter-ok"
          >
            {t('filter.ok')}
          </button>
        </div>
      </div>
    </div>
  );
}
