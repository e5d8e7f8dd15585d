/**
 * The console's session API (`/api/v1/session`): the sign-in body as a zod schema (the server validates
 * with it, the console takes its types from it) and the answer the console reads.
 */
import { z } from 'zod';
import type { Role } from './token';

export const signInRequestSchema = z.strictObject({
  name: z.string().trim().min(1, { message: 'must not be empty' }).max(64),
  password: z.string().min(1, { message: 'must not be empty' }).max(1024),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

/** What `POST` and `GET /api/v1/session` answer (never the session secret, which is in the cookie). */
export interface SessionView {
  name: string;
  role: Role;
  /** Echo it in the X-CSRF-Token header of every POST, PUT, PATCH and DELETE. */
  csrfToken: string;
  idleTimeoutSeconds: number;
}

export const SESSION_COOKIE = 'epix_session';
export const CSRF_HEADER = 'X-CSRF-Token';
