import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PUSH_EVENT_LABEL } from '../lib/push-config-draft';
import type { PushConfig, PushConfigInput } from '../lib/types';

/** The configuration as it is (or will be) saved; secret values never leave the server, so they show masked. */
export function PushConfigSummary({ config }: { config: PushConfig | PushConfigInput }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" data-testid="push-config-summary">
      <Group gap="xs">
        <Badge color={config.enabled ? 'green' : 'gray'}>{config.enabled ? t('pushConfig.enabled') : t('pushConfig.disabled')}</Badge>
        {'disabledReason' in config && config.disabledReason && <Badge color="red">{config.disabledReason}</Badge>}
        <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
          {config.url}
        </Text>
      </Group>
      <Group gap={4}>
        {config.events.map((e) => (
          <Badge key={e} variant="light" size="sm" style={{ textTransform: 'none' }}>
            {PUSH_EVENT_LABEL[e] ? t(PUSH_EVENT_LABEL[e]) : e}
          </Badge>
        ))}
      </Group>
      {config.headers.length > 0 && (
        <Table.ScrollContainer minWidth={300}>
          <Table withTableBorder verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('pushConfig.header')}</Table.Th>
                <Table.Th>{t('pushConfig.value')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {config.headers.map((h) => (
                <Table.Tr key={h.name}>
                  <Table.Td ff="monospace">{h.name}</Table.Td>
                  <Table.Td ff="monospace" data-secret={h.secret || undefined}>
                    {h.secret ? (h.value === null ? '••••••••' : `•••••••• (${t('pushConfig.unsaved')})`) : h.value}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
