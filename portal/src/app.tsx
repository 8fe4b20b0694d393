import { Center, Loader } from '@mantine/core';
import { Shell } from './components/shell';
import { useAuth } from './lib/auth';
import { LiveProvider } from './lib/live';
import { PushProvider } from './lib/push-state';
import { WorkspaceProvider } from './lib/workspace';
import { WorkspacesProvider } from './lib/workspaces';
import { LoginPage } from './pages/login';
import { InvitePage, ResetPasswordPage } from './pages/link-pages';
import { Routes } from './routes';

export function App() {
  const { status, operator } = useAuth();
  if (status === 'loading') {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  // An invitation link opens signed in too: an operator invited to one more workspace joins it.
  if (location.pathname === '/invite') return <InvitePage />;
  if (!operator) {
    // Emailed links (password reset) open while signed out.
    if (location.pathname === '/reset-password') return <ResetPasswordPage />;
    return <LoginPage />;
  }
  // Keyed by operator so signing in as someone else starts every live state afresh; the
  // workspace switcher remounts everything below it on each switch.
  return (
    <WorkspacesProvider key={operator.id}>
      <LiveProvider>
        <WorkspaceProvider>
          <PushProvider>
            <Shell>
              <Routes />
            </Shell>
          </PushProvider>
        </WorkspaceProvider>
      </LiveProvider>
    </WorkspacesProvider>
  );
}
