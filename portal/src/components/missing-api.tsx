import { Alert } from '@mantine/core';
import { ApiError } from '../lib/api';

/** Shown instead of a section whose API this server does not offer (yet) or that failed to load. */
export function LoadError({ error, what }: { error: Error; what: string }) {
  if (error instanceof ApiError && error.missingRoute) {
    return (
      <Alert color="gray" title={`${what} unavailable`}>
        This Herald server does not offer {what.toLowerCase()} yet.
      </Alert>
    );
  }
  return (
    <Alert color="red" title={`Could not load ${what.toLowerCase()}`}>
      {error.message}
    </Alert>
  );
}
