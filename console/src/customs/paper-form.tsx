/**
 * A received permit laid out like the CITES paper form: its numbered boxes (1 to 15, one set of 7 to 12
 * per block), so an officer reads it where the paper one has it. Printable: the print style sheet keeps
 * only the form.
 */
import { useTranslation } from 'react-i18next';
import type { Json } from '../api/json';
import type { Permit, PermitLine } from '../../../src/domain/permit/permit';
import { useFormat } from '../i18n/use-format';
import { countryName, unitName } from '../permits/code-options';

function Box({ label, children, wide }: { label: string; children: React.ReactNode; wide?: boolean }) {
  const { t } = useTranslation();
  const empty = children === undefined || children === null || children === '';
  return (
    <div className={`paper-box${wide ? ' paper-box-wide' : ''}`} role="group" aria-label={label}>
      <div className="paper-box-label">{label}</div>
      <div className="paper-box-value">{empty ? t('paper.empty') : children}</div>
    </div>
  );
}

function Party({ party, language }: { party: Json<Permit['exporter']>; language: string }) {
  const a = party.address;
  return (
    <>
      <div>{party.name}</div>
      {a.street && <div>{a.street}</div>}
      {(a.postcode || a.city) && <div>{[a.postcode, a.city].filter(Boolean).join(' ')}</div>}
      <div>{countryName(a.country, language)}</div>
    </>
  );
}

function Block({ line }: { line: Json<PermitLine> }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const lang = i18n.language;
  const date = (d?: string) => (d ? format.date(d) : '');
  return (
    <section className="paper-block" aria-label={t('paper.block', { block: line.id })}>
      <div className="paper-block-letter" aria-hidden="true">
        {line.id}
      </div>
      <Box label={t('paper.box7')} wide>
        <i>{line.scientificName}</i>
        {line.commonName && <> ({line.commonName})</>}
      </Box>
      <Box label={t('paper.box9')}>{[line.termCode, line.description].filter(Boolean).join(': ')}</Box>
      <Box label={t('paper.box10')}>
        {t('paper.appendixSource', { appendix: line.appendix, source: line.source })}
      </Box>
      <Box label={t('paper.box11')}>
        {format.number(line.quantity)} {unitName(t, line.unit)}
      </Box>
      <Box label={t('paper.box12')}>
        {line.origin &&
          [countryName(line.origin.country, lang), line.origin.permitNumber, date(line.origin.permitDate)]
            .filter(Boolean)
            .join(', ')}
      </Box>
      <Box label={t('paper.box12a')}>
        {line.lastReExport &&
          [
            countryName(line.lastReExport.country, lang),
            line.lastReExport.certificateNumber,
            date(line.lastReExport.certificateDate),
          ]
            .filter(Boolean)
            .join(', ')}
      </Box>
      <Box label={t('paper.box14')}>
        {line.exportEndorsedQuantity !== undefined &&
          `${format.number(line.exportEndorsedQuantity)} ${unitName(t, line.unit)}`}
      </Box>
    </section>
  );
}

export function PaperForm({ permit, permitKey }: { permit: Json<Permit>; permitKey: string }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const lang = i18n.language;
  return (
    <article className="paper-form" aria-label={permitKey}>
      <header className="paper-header">
        <div className="paper-type">{t(`codes.permitTypes.${permit.type}`)}</div>
        <div className="paper-title">{t('paper.title')}</div>
        <div className="paper-original">{t('paper.original')}</div>
      </header>
      <div className="paper-grid">
        <Box label={t('paper.box1')}>
          <strong>{permit.permitNumber}</strong>
        </Box>
        <Box label={t('paper.box2')}>
          {format.date(permit.validUntil)}
          {permit.validFrom && <div>{t('paper.validFrom', { date: format.date(permit.validFrom) })}</div>}
        </Box>
        <Box label={t('paper.box3')}>
          <Party party={permit.importer} language={lang} />
        </Box>
        <Box label={t('paper.box4')}>
          <Party party={permit.exporter} language={lang} />
        </Box>
        <Box label={t('paper.box3a')}>{countryName(permit.importer.address.country, lang)}</Box>
        <Box label={t('paper.box5')}>{permit.specialConditions}</Box>
        <Box label={t('paper.box5a')}>
          {permit.purpose}: {t(`codes.purposes.${permit.purpose}`)}
        </Box>
        <Box label={t('paper.box5b')}>{permit.securityStampNumber}</Box>
        <Box label={t('paper.box6')} wide>
          <div>{permit.managementAuthority.name}</div>
          {permit.managementAuthority.address &&
            Object.values(permit.managementAuthority.address).filter(Boolean).join(', ')}
          <div>{countryName(permit.issuingCountry, lang)}</div>
        </Box>
      </div>
      {permit.lines.map((line) => (
        <Block key={line.id} line={line} />
      ))}
      <div className="paper-grid">
        <Box label={t('paper.box13')} wide>
          {[permit.placeOfIssue, format.date(permit.issueDate)].filter(Boolean).join(', ')}
        </Box>
        <Box label={t('paper.box15')}>{''}</Box>
      </div>
    </article>
  );
}
