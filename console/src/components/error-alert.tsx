/** An API failure in words: known codes translated, validation problems listed by field. */
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 403)
    return <Alert type="error" showIcon role="alert" title={t('errors.forbidden')} />;
  if (error instanceof ApiError && error.code === 'VALIDATION_FAILED' && Array.isArray(error.details)) {
    const problems = error.details as Array<{ field: string; message: string }>;
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={t('errors.invalid')}
        description={
          <ul>
            {problems.map((p) => (
              <li key={`${p.field}:${p.message}`}>
                {p.field}: {p.message}
              </li>
            ))}
          </ul>
        }
      />
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return <Alert type="error" showIcon role="alert" title={t('errors.generic', { message })} />;
}
