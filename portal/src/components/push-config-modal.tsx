import { ActionIcon, Button, Checkbox, Divider, Group, Modal, PasswordInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ConfigDraft, type HeaderDraft, PUSH_EVENTS, PUSH_EVENT_LABEL, newHeader, validate } from '../lib/push-config-draft';

interface Props {
  opened: boolean;
  initial: ConfigDraft;
  onClose(): void;
  /** Save in the window keeps the draft on the page; the page's Save sends it. */
  onSave(draft: ConfigDraft): void;
}

export function PushConfigModal({ opened, initial, onClose, onSave }: Props) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const [d, setD] = useState<ConfigDraft>(initial);
  const [tried, setTried] = useState(false);
  useEffect(() => {
    if (opened) {
      setD(initial);
      setTried(false);
    }
  }, [opened, initial]);

  const problems = tried ? validate(d) : {};
  const error = (k: string) => (problems[k] ? t(problems[k]) : undefined);
  const setHeader = (i: number, patch: Partial<HeaderDraft>) => setD((x) => ({ ...x, headers: x.headers.map((h, j) => (j === i ? { ...h, ...patch } : h)) }));

  const save = () => {
    setTried(true);
    if (Object.keys(validate(d)).length === 0) onSave(d);
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('pushConfig.title')} size="lg" fullScreen={phone}>
      <Stack>
        <Switch label={t('pushConfig.enabled')} checked={d.enabled} onChange={(e) => setD({ ...d, enabled: e.currentTarget.checked })} />
        <TextInput
          label={t('pushConfig.url')}
          description={t('pushConfig.urlHint')}
          placeholder="https://example.com/herald-events"
          value={d.url}
          onChange={(e) => setD({ ...d, url: e.currentTarget.value })}
          error={error('url')}
          required
        />
        <Divider label={t('pushConfig.headers')} labelPosition="left" />
        {d.headers.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('pushConfig.noHeaders')}
          </Text>
        )}
        {d.headers.map((h, i) => (
          <Group key={h.key} align="start" wrap={phone ? 'wrap' : 'nowrap'} data-testid="header-row">
            <TextInput
              aria-label={t('pushConfig.headerName')}
              placeholder={t('common.name')}
              value={h.name}
              onChange={(e) => setHeader(i, { name: e.currentTarget.value })}
              error={error(`header.${i}`)}
              flex={1}
              miw={120}
            />
            {h.secret ? (
              <PasswordInput
                aria-label={t('pushConfig.headerValue')}
                placeholder={h.stored ? t('pushConfig.storedSecret') : t('pushConfig.value')}
                value={h.value}
                onChange={(e) => setHeader(i, { value: e.currentTarget.value })}
                flex={1}
                miw={120}
              />
            ) : (
              <TextInput
                aria-label={t('pushConfig.headerValue')}
                placeholder={t('pushConfig.value')}
                value={h.value}
                onChange={(e) => setHeader(i, { value: e.currentTarget.value })}
                flex={1}
                miw={120}
              />
            )}
            <Checkbox
              label={t('pushConfig.secret')}
              mt={8}
              checked={h.secret}
              // Un-marking a stored secret would need its value, which we never had: start it empty.
              onChange={(e) => setHeader(i, { secret: e.currentTarget.checked, ...(h.stored && { stored: false, value: '' }) })}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              mt={4}
              aria-label={t('pushConfig.removeHeader')}
              onClick={() => setD((x) => ({ ...x, headers: x.headers.filter((_, j) => j !== i) }))}
            >
              ✕
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button variant="light" size="xs" onClick={() => setD((x) => ({ ...x, headers: [...x.headers, newHeader()] }))}>
            {t('pushConfig.addHeader')}
          </Button>
        </Group>
        <Divider label={t('pushConfig.events')} labelPosition="left" />
        <Checkbox.Group value={d.events} onChange={(v) => setD({ ...d, events: v })} error={error('events')}>
          <Stack gap="xs">
            {PUSH_EVENTS.map((e) => (
              <Checkbox key={e} value={e} label={t(PUSH_EVENT_LABEL[e])} description={e} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Select
          label={t('pushConfig.onFailure')}
          data={[
            { value: 'standard', label: t('pushConfig.retryStandard') },
            { value: 'none', label: t('pushConfig.retryNone') },
          ]}
          value={d.retry}
          onChange={(v) => v && setD({ ...d, retry: v })}
          allowDeselect={false}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={save}>{t('common.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
