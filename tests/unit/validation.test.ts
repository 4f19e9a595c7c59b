import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { fieldErrors, signInSchema, signUpSchema } from "@/lib/validation/auth";

function errorsOf(input: unknown) {
  const parsed = signUpSchema.safeParse(input);
  return parsed.success ? {} : fieldErrors(parsed.error);
}

describe("sign-up validation", () => {
  it("normalises the e-mail and trims the name", () => {
    expect(signUpSchema.parse({ name: "  Ann ", email: " Ann@Example.COM ", password: "12345678" })).toEqual({
      name: "Ann",
      email: "ann@example.com",
      password: "12345678",
    });
  });
  it("names each problem with a dictionary key", () => {
    expect(errorsOf({ name: "", email: "not-an-email", password: "short" })).toEqual({
      name: "nameRequired",
      email: "invalidEmail",
      password: "passwordTooShort",
    });
    expect(errorsOf({})).toEqual({ name: "nameRequired", email: "invalidEmail", password: "passwordRequired" });
    expect(errorsOf({ name: "x".repeat(81), email: `${"a".repeat(250)}@example.com`, password: "я".repeat(37) })).toEqual({
      name: "nameTooLong",
      email: "emailTooLong",
      password: "passwordTooLong",
    });
  });
  it("accepts a 72-byte password and refuses 73 bytes (bcrypt's limit)", () => {
    expect(errorsOf({ name: "A", email: "a@example.com", password: "x".repeat(72) })).toEqual({});
    expect(errorsOf({ name: "A", email: "a@example.com", password: "x".repeat(73) })).toEqual({ password: "passwordTooLong" });
  });
  it("treats non-string inputs as invalid, not as a crash", () => {
    expect(errorsOf({ name: 5, email: ["a@b.c"], password: { p: 1 } })).toEqual({
      name: "nameRequired",
      email: "invalidEmail",
      password: "passwordRequired",
    });
  });
});

describe("sign-in validation", () => {
  it("requires a well-formed e-mail and a password", () => {
    expect(signInSchema.safeParse({ email: "a@example.com", password: "x" }).success).toBe(true);
    expect(signInSchema.safeParse({ email: "a@", password: "x" }).success).toBe(false);
    expect(signInSchema.safeParse({ email: "a@example.com", password: "" }).success).toBe(false);
  });
});

describe("safeCallbackUrl", () => {
  it("accepts paths on this site", () => {
    expect(safeCallbackUrl("/en/lessons/etcd#watch-mechanism", "/en")).toBe("/en/lessons/etcd#watch-mechanism");
  });
  it.each(["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/api/auth/signout", 42, undefined])(
    "refuses %s",
    (value) => {
      expect(safeCallbackUrl(value, "/ru")).toBe("/ru");
    },
  );
});
