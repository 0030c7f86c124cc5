/**
 * What the insight engine adds to a finding: a badge naming the best matching known signature and,
 * for the selected finding, a box with the signature's cause and remediation, the third-party code on
 * the failing event's stack and the management agents that were active near the failure. Every
 * string comes from a trace or a rule file and is rendered as a text node.
 */
import { useTranslation } from 'react-i18next';
import type { AgentLink, InsightResult, SignatureMatch } from '../../../shared/model/insight';
import { formatCount } from '../logic/format';
import { describeNearness, localized, signaturesForFinding } from '../logic/insight-view';
import './insight-evidence.css';

/** The best signature's title, short enough for the finding's first line. */
export function SignatureBadge({ signature }: { signature: SignatureMatch }) {
  const { t, i18n } = useTranslation();
  const title = localized(signature.title, i18n.language);
  return (
    <span
      className="td-sig-badge"
      data-testid="finding-signature"
      data-rule={signature.ruleId}
      title={t('insight.signatureTitle', { title })}
    >
      ◆ {title}
    </span>
  );
}

function AgentRow({ link }: { link: AgentLink }) {
  const { t, i18n } = useTranslation();
  const near = describeNearness(link.nearestMs);
  return (
    <li className="td-finsight__agent" data-testid="finding-agent" data-same-file={link.sameFile}>
      <span className="td-finsight__agent-name" title={link.imagePath || link.process}>
        {link.process}
      </span>
      <span className="td-muted">PID {link.pid}</span>
      <span>{t(`insight.near.${near.when}`, { amount: near.amount })}</span>
      <span className="td-muted">
        {t('insight.agentEvents', { count: link.events, formatted: formatCount(link.events, i18n.language) })}
      </span>
      {link.sameFile && <span className="td-finsight__same">{t('insight.sameFile')}</span>}
    </li>
  );
}

const AGENTS_SHOWN = 4;

/** The box under the selected finding; nothing when the engine learned nothing about it. */
export function FindingInsightBox({ insights, findingId }: { insights: InsightResult; findingId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [best, ...more] = signaturesForFinding(insights.signatures, findingId);
  const attribution = insights.attributions[findingId];
  const agents = insights.agentLinks[findingId] ?? [];
  if (!best && !attribution && agents.length === 0) return null;
  const textLang = lang === 'zh-CN' ? 'zh-CN' : 'en';
  return (
    <div className="td-finsight" data-testid="finding-insight" lang={textLang}>
      {best && (
        <section className="td-finsight__sig" data-testid="finding-signature-box" data-rule={best.ruleId}>
          <h4 className="td-finsight__head">
            {t('insight.knownSignature')}
            <span className="td-muted td-finsight__conf">
              {t('insight.confidence', { percent: Math.round(best.confidence * 100) })}
            </span>
          </h4>
          <p className="td-finsight__title">{localized(best.title, lang)}</p>
          <p>
            <span className="td-finsight__label">{t('insight.cause')}</span> {localized(best.cause, lang)}
          </p>
          <p>
            <span className="td-finsight__label">{t('insight.remediation')}</span>{' '}
            {localized(best.remediation, lang)}
          </p>
          {more.length > 0 && (
            <p className="td-muted">
              {t('insight.alsoMatches', { titles: more.map((s) => localized(s.title, lang)).join('; ') })}
            </p>
          )}
        </section>
      )}
      {attribution && (
        <section className="td-finsight__attr" data-testid="finding-attribution">
          <h4 className="td-finsight__head">{t('insight.filterDriver')}</h4>
          <p>{localized(attribution.sentence, lang)}</p>
        </section>
      )}
      {agents.length > 0 && (
        <section data-testid="finding-agents">
          <h4 className="td-finsight__head">{t('insight.agentsNear')}</h4>
          <ul className="td-finsight__agents">
            {agents.slice(0, AGENTS_SHOWN).map((a) => (
              <AgentRow key={`${a.process}:${a.pid}`} link={a} />
            ))}
          </ul>
          {agents.length > AGENTS_SHOWN && (
            <p className="td-muted">{t('insight.moreAgents', { count: agents.length - AGENTS_SHOWN })}</p>
          )}
        </section>
      )}
    </div>
  );
}
