/** The signed-in session (null when signed out), sign-in and sign-out, through /api/v1/session. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionView, SignInRequest } from '../../../src/domain/auth/console-session-api';
import { api, ApiError, setCsrfToken } from '../api/client';

export const SESSION_KEY = ['session'] as const;

async function fetchSession(): Promise<SessionView | null> {
  try {
    const session = await api<SessionView>('GET', '/session');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity, retry: false });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SignInRequest) => api<SessionView>('POST', '/session', { body: input }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      client.setQueryData(SESSION_KEY, session);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('DELETE', '/session'),
    onSettled: () => {
      setCsrfToken(undefined);
      // Forget what the user saw, but keep the session query itself: its observers stay attached to it.
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
      client.setQueryData(SESSION_KEY, null);
    },
  });
}
