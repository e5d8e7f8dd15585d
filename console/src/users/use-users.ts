/** Console users (/api/v1/users) and API tokens (/api/v1/tokens), administrators only. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiToken, Role } from '../../../src/domain/auth/token';
import type { TokenStatus } from '../../../src/domain/auth/token-lifetime';
import type { User } from '../../../src/domain/auth/user';
import { api } from '../api/client';
import type { Json } from '../api/json';

export type UserRow = Json<User>;
export type TokenRow = Json<ApiToken> & { status: TokenStatus };

export function useUsers() {
  return useQuery({ queryKey: ['users'], queryFn: () => api<{ items: UserRow[] }>('GET', '/users') });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; role: Role; password: string }) =>
      api<UserRow>('POST', '/users', { body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useDisableUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<{ user: UserRow; endedSessions: number }>('POST', `/users/${encodeURIComponent(id)}/disable`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useTokens() {
  return useQuery({ queryKey: ['tokens'], queryFn: () => api<{ items: TokenRow[] }>('GET', '/tokens') });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; role: Role; expiresIn?: string }) =>
      api<TokenRow & { token: string }>('POST', '/tokens', { body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tokens'] }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<TokenRow>('POST', `/tokens/${encodeURIComponent(id)}/revoke`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tokens'] }),
  });
}
