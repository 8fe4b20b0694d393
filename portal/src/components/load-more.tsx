import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PagedList } from '../lib/use-paged-list';

/** The "Load more" button under a paged list, while there is a next page. */
export function LoadMore({ list }: { list: Pick<PagedList<unknown>, 'loadMore' | 'loading'> }) {
  const { t } = useTranslation();
  if (!list.loadMore) return null;
  return (
    <Group justify="center">
      <Button variant="default" onClick={list.loadMore} loading={list.loading}>
        {t('common.loadMore')}
      </Button>
    </Group>
  );
}
