/**
 * How the importer presents the permit: its number (typed off the paper), or the electronic document
 * itself (an XML file read in the browser and sent as `documentXml`, which the API compares with the
 * permit actually received).
 */
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/use-format';

export interface Presented {
  mode: 'number' | 'xml';
  xml: string;
  fileName?: string;
}

export function PresentedPermitFields({
  presented,
  onChange,
}: {
  presented: Presented;
  onChange: (next: Presented) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      <fieldset className="plain-fieldset presented-mode">
        <legend>{t('presented.how')}</legend>
        {(['number', 'xml'] as const).map((mode) => (
          <label key={mode} className="inline-choice">
            <input
              type="radio"
              name="presented-mode"
              value={mode}
              checked={presented.mode === mode}
              onChange={() => onChange({ ...presented, mode })}
            />
            {t(mode === 'number' ? 'presented.byNumber' : 'presented.byXml')}
          </label>
        ))}
      </fieldset>
      {presented.mode === 'xml' && (
        <div className="file-field">
          <label htmlFor="presented-xml">{t('presented.file')}</label>
          <input
            id="presented-xml"
            type="file"
            accept=".xml,application/xml,text/xml"
            aria-describedby="presented-xml-help"
            required
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void file.text().then((xml) => onChange({ mode: 'xml', xml, fileName: file.name }));
            }}
          />
          <Typography.Text id="presented-xml-help" type="secondary">
            {t('presented.fileHelp')}
          </Typography.Text>
          {presented.xml && (
            <div role="status">
              {t('presented.fileLoaded', {
                name: presented.fileName ?? '',
                size: format.number(new TextEncoder().encode(presented.xml).length),
              })}
            </div>
          )}
        </div>
      )}
    </>
  );
}
