import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDictionary } from "@/lib/i18n/dictionaries";
import { defaultLocale, isLocale } from "@/lib/i18n/config";
import { signInSchema } from "@/lib/validation/auth";
import { authEnv } from "@/lib/env";
import { authenticate } from "./accounts";
import { AUTH_ERROR_PREFIX, SESSION_MAX_AGE_SECONDS } from "./constants";
import { retryAfterMinutes } from "./throttle-policy";

/**
 * next-auth v4 with e-mail + password. Credentials sign-in requires JWT sessions; the
 * token carries the user's id and role. Errors that the form should show are thrown as
 * `AUTH_ERROR_PREFIX + message` in the reader's language (the form sends its locale);
 * a wrong password returns null, which next-auth reports as "CredentialsSignin".
 */
export function authOptions(): NextAuthOptions {
  return {
    secret: authEnv().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin" },
    providers: [
      CredentialsProvider({
        name: "E-mail",
        credentials: { email: { type: "email" }, password: { type: "password" }, locale: { type: "text" } },
        async authorize(credentials) {
          const locale = isLocale(credentials?.locale) ? credentials.locale : defaultLocale;
          const messages = getDictionary(locale).auth.errors;
          const parsed = signInSchema.safeParse({ email: credentials?.email, password: credentials?.password });
          if (!parsed.success) {
            const key = parsed.error.issues[0]?.message as keyof typeof messages | undefined;
            const text = key && typeof messages[key] === "string" ? (messages[key] as string) : messages.invalidEmail;
            throw new Error(AUTH_ERROR_PREFIX + text);
          }
          let result;
          try {
            result = await authenticate(parsed.data.email, parsed.data.password);
          } catch (error) {
            // Never leak a database error into the browser's URL bar.
            console.error("sign-in failed", error);
            throw new Error(AUTH_ERROR_PREFIX + messages.generic);
          }
          if (result.ok) return { id: result.user.id, email: result.user.email, name: result.user.name, role: result.user.role };
          if (result.reason === "rate-limited") {
            throw new Error(AUTH_ERROR_PREFIX + messages.rateLimited(retryAfterMinutes(result.retryAfterMs)));
          }
          return null;
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.role = user.role;
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user && token.sub) {
          session.user.id = token.sub;
          session.user.role = token.role;
        }
        return session;
      },
    },
  };
}
