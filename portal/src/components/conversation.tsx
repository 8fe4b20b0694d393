import { Anchor, Box, Group, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirectory } from '../lib/directory';
import { when } from '../lib/labels';
import type { Message } from '../lib/types';

// Theme variables rather than fixed shades, so bubbles stay readable in dark mode too.
const BUBBLE: Record<Message['author']['type'], string> = {
  customer: 'var(--mantine-color-default-hover)',
  ai: 'var(--mantine-color-blue-light)',
  human: 'var(--mantine-color-blue-light)',
  system: 'var(--mantine-color-yellow-light)',
};

/**
 * The messages of one conversation, customer on the left, everyone else on the right. With
 * `onExplain`, each message offers "Why?": who was notified of it, and why (not).
 */
export function Conversation({ messages, onExplain }: { messages: Message[]; onExplain?(messageId: string): void }) {
  const { t } = useTranslation();
  const dir = useDirectory();
  const viewport = useRef<HTMLDivElement>(null);
  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [messages.length]);

  return (
    <ScrollArea h={420} viewportRef={viewport} type="auto" aria-label="Conversation">
      <Stack gap="xs" p="xs">
        {messages.length === 0 && (
          <Text c="dimmed" size="sm">
            {t('session.noMessages')}
          </Text>
        )}
        {messages.map((m) => {
          const customer = m.author.type === 'customer';
          const who = m.author.type === 'human' && m.author.id ? dir.name('operators', m.author.id) : t(`author.${m.author.type}`);
          return (
            <Group key={m.id} justify={customer ? 'flex-start' : 'flex-end'}>
              <Paper p="xs" maw="85%" bg={BUBBLE[m.author.type]} data-role={m.role}>
                <Text size="xs" c="dimmed">
                  {who} · {when(m.createdAt)}
                  {onExplain && (
                    <>
                      {' · '}
                      <Anchor component="button" size="xs" onClick={() => onExplain(m.id)} data-explain={m.id}>
                        {t('explain.why')}
                      </Anchor>
                    </>
                  )}
                </Text>
                <Box style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                  <Text size="sm">{m.text}</Text>
                </Box>
              </Paper>
            </Group>
          );
        })}
      </Stack>
    </ScrollArea>
  );
}
