/** Links that download a report file in each format (the browser saves what the API streams). */
import { Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReportFormat } from '../../../src/domain/reports/report-writer';

export function DownloadLinks({
  what,
  urlOf,
  formats,
}: {
  what: string;
  urlOf: (format: ReportFormat) => string;
  formats: readonly ReportFormat[];
}) {
  const { t } = useTranslation();
  return (
    <Space wrap>
      {formats.map((format) => (
        <a key={format} className="download-link" href={urlOf(format)} download>
          {t('reports.downloadAs', { what, format: format.toUpperCase() })}
        </a>
      ))}
    </Space>
  );
}
