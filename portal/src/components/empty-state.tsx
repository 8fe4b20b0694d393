import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  title: string;
  /** What this list will hold, and how it gets filled. */
  children: ReactNode;
  /** The next step: a button or link that does it. */
  action?: ReactNode;
  /** A page of the API reference served by this Herald, for what is done outside the portal. */
  docs?: string;
  testId?: string;
}

/** An empty list that says what to do next, rather than one grey line. */
export function EmptyState({ title, children, action, docs, testId }: Props) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="lg" style={{ borderStyle: 'dashed' }} data-testid={testId ?? 'empty-state'}>
      <Stack gap="xs" align="flex-start">
        <Title order={4}>{title}</Title>
        <Text size="sm" c="dimmed" maw={640}>
          {children}
        </Text>
        {(action || docs) && (
          <Group gap="md" mt={4}>
            {action}
            {docs && (
              <Anchor href={docs} target="_blank" rel="noreferrer" size="sm">
                {t('common.apiReference')}
              </Anchor>
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
