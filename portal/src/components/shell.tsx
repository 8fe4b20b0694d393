import { AppShell, Badge, Box, Burger, Group, Indicator, Menu, NavLink, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { en } from '../i18n/en';
import { useAuth, useMe } from '../lib/auth';
import { useLiveConnected } from '../lib/live';
import { type Permission, can } from '../lib/roles';
import { linkHandler, navigate, usePath } from '../lib/router';
import { useWorkspace } from '../lib/workspace';
import { ColorSchemeToggle } from './color-scheme-toggle';
import { EnableNotificationsDialog } from './enable-notifications-dialog';
import { NotifyButton } from './notify-button';
import { WorkspaceSwitcher } from './workspace-switcher';

type NavKey = keyof typeof en.nav;
interface Item {
  label: NavKey;
  to: string;
  needs: Permission;
  children?: Array<{ label: NavKey; to: string }>;
}

const MENU: Item[] = [
  { label: 'sessions', to: '/sessions', needs: 'sessions' },
  { label: 'humanAgents', to: '/workspace', needs: 'workspace' },
  { label: 'agents', to: '/agents', needs: 'agents' },
  { label: 'deliveries', to: '/deliveries', needs: 'deliveries' },
  { label: 'campaigns', to: '/campaigns', needs: 'campaigns' },
  {
    label: 'settings',
    to: '/settings/notifications',
    needs: 'settings',
    children: [
      { label: 'notifications', to: '/settings/notifications' },
      { label: 'channels', to: '/settings/channels' },
    ],
  },
  { label: 'team', to: '/team', needs: 'admin' },
  { label: 'audit', to: '/audit', needs: 'admin' },
  { label: 'profile', to: '/profile', needs: 'sessions' },
];

export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const path = usePath();
  const [navOpen, nav] = useDisclosure(false);
  const closeNav = nav.close; // stable across renders (Mantine's useCallback), unlike `nav`
  // On a phone the menu covers the page: choosing a page (or going back) folds it away.
  useEffect(() => closeNav(), [path, closeNav]);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !navOpen } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={navOpen} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggleMenu')} />
            <img src="/favicon.svg" alt="" width={26} height={26} />
            <Title order={3}>Herald</Title>
            <WorkspaceSwitcher />
          </Group>
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Box visibleFrom="sm">
              <NotifyButton />
            </Box>
            <ColorSchemeToggle />
            <AccountMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('nav.mainMenu')} data-testid="main-menu">
        <MainMenu />
      </AppShell.Navbar>
      <AppShell.Main>
        {children}
        <EnableNotificationsDialog />
      </AppShell.Main>
    </AppShell>
  );
}

function AccountMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const { logout } = useAuth();
  const connected = useLiveConnected();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t('nav.account')} miw={0}>
          <Indicator color={connected ? 'green' : 'gray'} size={8} offset={2} position="bottom-end" withBorder>
            <Text size="sm" fw={500} truncate maw={{ base: 110, sm: 240 }}>
              {me.name}
            </Text>
          </Indicator>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {me.email} · {t(`role.${me.role}`)}
        </Menu.Label>
        <Menu.Item onClick={() => navigate('/profile')}>{t('nav.profile')}</Menu.Item>
        <Menu.Item color="red" onClick={() => void logout()}>
          {t('nav.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function MainMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const path = usePath();
  const { activeConversations, unheard } = useWorkspace();
  const inSettings = path.startsWith('/settings');
  const [settingsOpen, setSettingsOpen] = useState(inSettings);
  // Arriving on a settings page by any route (link, back button) unfolds its menu group.
  useEffect(() => {
    if (inSettings) setSettingsOpen(true);
  }, [inSettings]);

  return MENU.filter((i) => can(me.role, i.needs)).map((item) => (
    <NavLink
      key={item.to}
      {...(item.children ? {} : { component: 'a' as const, href: item.to })}
      label={t(`nav.${item.label}`)}
      active={!item.children && (path === item.to || path.startsWith(`${item.to}/`))}
      onClick={item.children ? undefined : linkHandler(item.to)}
      {...(item.children && { opened: settingsOpen, onChange: setSettingsOpen })}
      rightSection={
        item.to === '/workspace' && activeConversations !== null ? (
          <Badge
            size="sm"
            circle={activeConversations < 10}
            color={activeConversations > 0 ? 'red' : 'gray'}
            aria-label={t('workspace.activeCount', { n: activeConversations })}
            data-testid="workspace-badge"
            // Which conversations are sounding their alert (tests, and a hook for styling).
            data-alerting={unheard.join(' ')}
          >
            {activeConversations}
          </Badge>
        ) : undefined
      }
    >
      {item.children?.map((c) => (
        <NavLink key={c.to} component="a" href={c.to} label={t(`nav.${c.label}`)} active={path === c.to} onClick={linkHandler(c.to)} />
      ))}
    </NavLink>
  ));
}
