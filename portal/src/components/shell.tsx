import { AppShell, Badge, Group, Indicator, Menu, NavLink, Text, Title, UnstyledButton } from '@mantine/core';
import { type ReactNode, useEffect, useState } from 'react';
import { useAuth, useMe } from '../lib/auth';
import { useLiveConnected } from '../lib/live';
import { type Permission, can } from '../lib/roles';
import { linkHandler, navigate, usePath } from '../lib/router';
import { useWorkspace } from '../lib/workspace';
import { EnableNotificationsDialog } from './enable-notifications-dialog';
import { NotifyButton } from './notify-button';

interface Item {
  label: string;
  to: string;
  needs: Permission;
  children?: Array<{ label: string; to: string }>;
}

const MENU: Item[] = [
  { label: 'Sessions', to: '/sessions', needs: 'sessions' },
  { label: 'Human Agents', to: '/workspace', needs: 'workspace' },
  { label: 'Agents', to: '/agents', needs: 'agents' },
  { label: 'Deliveries', to: '/deliveries', needs: 'deliveries' },
  { label: 'Campaigns', to: '/campaigns', needs: 'campaigns' },
  {
    label: 'Settings',
    to: '/settings/notifications',
    needs: 'settings',
    children: [
      { label: 'Notifications', to: '/settings/notifications' },
      { label: 'Channels', to: '/settings/channels' },
    ],
  },
  { label: 'Profile', to: '/profile', needs: 'sessions' },
];

export function Shell({ children }: { children: ReactNode }) {
  const me = useMe();
  const { logout } = useAuth();
  const path = usePath();
  const { activeConversations } = useWorkspace();
  const connected = useLiveConnected();
  const inSettings = path.startsWith('/settings');
  const [settingsOpen, setSettingsOpen] = useState(inSettings);
  // Arriving on a settings page by any route (link, back button) unfolds its menu group.
  useEffect(() => {
    if (inSettings) setSettingsOpen(true);
  }, [inSettings]);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: 'sm' }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="xs">
            <img src="/favicon.svg" alt="" width={26} height={26} />
            <Title order={3}>Herald</Title>
          </Group>
          <Group gap="sm">
            <NotifyButton />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label="Account">
                  <Indicator color={connected ? 'green' : 'gray'} size={8} offset={2} position="bottom-end" withBorder>
                    <Text size="sm" fw={500}>
                      {me.name}
                    </Text>
                  </Indicator>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>
                  {me.email} · {me.role}
                </Menu.Label>
                <Menu.Item onClick={() => navigate('/profile')}>Profile</Menu.Item>
                <Menu.Item color="red" onClick={() => void logout()}>
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main menu">
        {MENU.filter((i) => can(me.role, i.needs)).map((item) => (
          <NavLink
            key={item.to}
            {...(item.children ? {} : { component: 'a' as const, href: item.to })}
            label={item.label}
            active={!item.children && (path === item.to || path.startsWith(`${item.to}/`))}
            onClick={item.children ? undefined : linkHandler(item.to)}
            {...(item.children && { opened: settingsOpen, onChange: setSettingsOpen })}
            rightSection={
              item.to === '/workspace' && activeConversations !== null ? (
                <Badge size="sm" circle={activeConversations < 10} color={activeConversations > 0 ? 'red' : 'gray'} aria-label={`${activeConversations} active conversations`} data-testid="workspace-badge">
                  {activeConversations}
                </Badge>
              ) : undefined
            }
          >
            {item.children?.map((c) => (
              <NavLink key={c.to} component="a" href={c.to} label={c.label} active={path === c.to} onClick={linkHandler(c.to)} />
            ))}
          </NavLink>
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        {children}
        <EnableNotificationsDialog />
      </AppShell.Main>
    </AppShell>
  );
}
