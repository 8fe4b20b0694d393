import { Box, Group, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useDirectory } from '../lib/directory';
import { when } from '../lib/labels';
import type { Message } from '../lib/types';

const AUTHOR: Record<Message['author']['type'], string> = { customer: 'Customer', ai: 'AI assistant', human: 'Operator', system: 'System' };

/** The messages of one conversation, customer on the left, everyone else on the right. */
export function Conversation({ messages }: { messages: Message[] }) {
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
            No messages yet.
          </Text>
        )}
        {messages.map((m) => {
          const customer = m.author.type === 'customer';
          const who = m.author.type === 'human' && m.author.id ? dir.name('operators', m.author.id) : AUTHOR[m.author.type];
          return (
            <Group key={m.id} justify={customer ? 'flex-start' : 'flex-end'}>
              <Paper
                p="xs"
                maw="75%"
                bg={customer ? 'gray.1' : m.author.type === 'system' ? 'yellow.0' : 'blue.0'}
                data-role={m.role}
              >
                <Text size="xs" c="dimmed">
                  {who} · {when(m.createdAt)}
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
