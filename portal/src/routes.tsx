import { Alert } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from './lib/auth';
import { type Permission, can } from './lib/roles';
import { match, navigate, usePath } from './lib/router';
import { AgentPage } from './pages/agent-page';
import { AgentsPage } from './pages/agents';
import { CampaignPage } from './pages/campaign-page';
import { CampaignsPage } from './pages/campaigns';
import { DeliveriesPage } from './pages/deliveries';
import { ProfilePage } from './pages/profile';
import { SessionPage } from './pages/session-page';
import { SessionsPage } from './pages/sessions';
import { ChannelsPage } from './pages/settings-channels';
import { NotificationSettingsPage } from './pages/settings-notifications';
import { WorkspacePage } from './pages/workspace';
import { AuditPage } from './pages/audit';
import { TeamPage } from './pages/team';

type Render = (params: Record<string, string>) => React.ReactNode;
const ROUTES: Array<[string, Permission, Render]> = [
  ['/sessions', 'sessions', () => <SessionsPage />],
  ['/sessions/:id', 'sessions', (p) => <SessionPage key={p.id} id={p.id!} />],
  ['/workspace', 'workspace', () => <WorkspacePage />],
  ['/agents', 'agents', () => <AgentsPage />],
  ['/agents/:id', 'agents', (p) => <AgentPage key={p.id} id={p.id!} />],
  ['/deliveries', 'deliveries', () => <DeliveriesPage />],
  ['/campaigns', 'campaigns', () => <CampaignsPage />],
  // Before '/campaigns/:id', which would otherwise take "new" for an id.
  ['/campaigns/new', 'editCampaigns', () => <CampaignPage key="new" id={null} />],
  ['/campaigns/:id', 'campaigns', (p) => <CampaignPage key={p.id} id={p.id!} />],
  ['/settings/notifications', 'settings', () => <NotificationSettingsPage />],
  ['/settings/channels', 'settings', () => <ChannelsPage />],
  ['/profile', 'sessions', () => <ProfilePage />],
  ['/team', 'admin', () => <TeamPage />],
  ['/audit', 'admin', () => <AuditPage />],
];

export function Routes() {
  const { t } = useTranslation();
  const me = useMe();
  const path = usePath();
  const home = can(me.role, 'workspace') ? '/workspace' : '/sessions';

  useEffect(() => {
    if (path === '/' || path === '') navigate(home, { replace: true });
  }, [path, home]);

  for (const [pattern, needs, render] of ROUTES) {
    const params = match(pattern, path);
    if (!params) continue;
    if (!can(me.role, needs)) {
      return (
        <Alert color="yellow" title={t('routes.notAvailable')}>
          {t('routes.roleMayNot', { role: t(`role.${me.role}`).toLocaleLowerCase() })}
        </Alert>
      );
    }
    return <>{render(params)}</>;
  }
  if (path === '/' || path === '') return null;
  return (
    <Alert color="gray" title={t('routes.notFound')}>
      {t('routes.noPage', { path })}
    </Alert>
  );
}
