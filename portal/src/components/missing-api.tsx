import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api';

/** Shown instead of a section whose API this server does not offer (yet) or that failed to load. */
export function LoadError({ error, what }: { error: Error; what: string }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.missingRoute) {
    return (
      <Alert color="gray" title={t('loadError.unavailable', { what })}>
        {t('loadError.notOffered', { what: what.toLowerCase() })}
      </Alert>
    );
  }
  return (
    <Alert color="red" title={t('loadError.failed', { what: what.toLowerCase() })}>
      {error.message}
    </Alert>
  );
}
