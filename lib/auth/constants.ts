// Shared by the server (next-auth options) and the sign-in form in the browser.

/** Marks an error message written for people, as opposed to next-auth's own error codes. */
export const AUTH_ERROR_PREFIX = "AUTH:";
/** Sessions last 30 days, next-auth's default, stated here so it is a decision. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
