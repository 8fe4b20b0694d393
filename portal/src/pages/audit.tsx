/** The audit log: who changed what, with filters and each change's before/after. */
import { Badge, Button, Code, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { query } from '../lib/api';
import { useFetch } from '../lib/use-fetch';
import type { AuditEntry, AuditPage as Page } from '../lib/types';

/** A value as the diff view shows it: secrets arrive already masked by the server. */
function Value({ v }: { v: unknown }) {
  const { t } = useTranslation();
  if (v === null || v === undefined)
    return (
      <Text span c="dimmed" size="sm">
        {t('audit.none')}
      </Text>
    );
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  if (text === '[secret changed]' || text === '[secret]')
    return (
      <Badge color="grape" variant="light">
        {text === '[secret]' ? t('audit.secretSet') : t('audit.secretChanged')}
      </Badge>
    );
  return <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{text}</Code>;
}

function Diff({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const fields = Object.entries(entry.changes);
  if (fields.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('audit.noFields')}
      </Text>
    );
  return (
    <Table fz="sm" withTableBorder data-testid="audit-diff">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('audit.field')}</Table.Th>
          <Table.Th>{t('audit.before')}</Table.Th>
          <Table.Th>{t('audit.after')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {fields.map(([field, [before, after]]) => (
          <Table.Tr key={field}>
            <Table.Td>
              <Code>{field}</Code>
            </Table.Td>
            <Table.Td bg="var(--mantine-color-red-light)">
              <Value v={before} />
            </Table.Td>
            <Table.Td bg="var(--mantine-color-green-light)">
              <Value v={after} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState({ from: '', to: '', actor: '', action: '' });
  const [filters, setFilters] = useState(draft);
  const [cursor, setCursor] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const iso = (local: string) => (local ? new Date(local).toISOString() : undefined);
  const page = useFetch<Page>(`/api/audit${query({ from: iso(filters.from), to: iso(filters.to), actor: filters.actor, action: filters.action, cursor })}`);
  const field = (key: keyof typeof draft, label: string, type = 'text') => (
    <TextInput label={label} type={type} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })} />
  );

  return (
    <Stack>
      <Title order={2}>{t('audit.title')}</Title>
      <Group
        align="end"
        component="form"
        onSubmit={(e: React.SyntheticEvent) => {
          e.preventDefault();
          setCursor(null);
          setFilters(draft);
        }}
      >
        {field('from', t('audit.from'), 'datetime-local')}
        {field('to', t('audit.to'), 'datetime-local')}
        {field('actor', t('audit.actor'))}
        {field('action', t('audit.action'))}
        <Button type="submit">{t('audit.apply')}</Button>
      </Group>
      {page.error && <Text c="red">{page.error.message}</Text>}
      {page.data?.items.length === 0 && <Text c="dimmed">{t('audit.empty')}</Text>}
      {!!page.data?.items.length && (
        <Table striped highlightOnHover fz="sm" data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.at')}</Table.Th>
              <Table.Th>{t('audit.actor')}</Table.Th>
              <Table.Th>{t('audit.action')}</Table.Th>
              <Table.Th>{t('audit.target')}</Table.Th>
              <Table.Th>{t('audit.changes')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {page.data.items.map((e) => (
              <Fragment key={e.id}>
                <Table.Tr style={{ cursor: 'pointer' }} onClick={() => setOpen(open === e.id ? null : e.id)} aria-expanded={open === e.id}>
                  <Table.Td>{new Date(e.at).toLocaleString(i18n.language)}</Table.Td>
                  <Table.Td>{e.actor.email ?? `${t(`audit.actorType.${e.actor.type}`)} ${e.actor.type === 'system' ? '' : e.actor.id}`}</Table.Td>
                  <Table.Td>
                    <Code>{e.action}</Code>
                  </Table.Td>
                  <Table.Td>
                    {e.target.type}{' '}
                    <Text span c="dimmed" size="xs">
                      {e.target.id}
                    </Text>
                  </Table.Td>
                  <Table.Td>{Object.keys(e.changes).join(', ')}</Table.Td>
                </Table.Tr>
                {open === e.id && (
                  <Table.Tr>
                    <Table.Td colSpan={5}>
                      <Diff entry={e} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group>
        {cursor && (
          <Button variant="default" onClick={() => setCursor(null)}>
            {t('audit.newest')}
          </Button>
        )}
        {page.data?.nextCursor && (
          <Button variant="default" onClick={() => setCursor(page.data!.nextCursor)}>
            {t('audit.older')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
