import { describe, expect, it } from "vitest";
import { isLocale, matchAcceptLanguage, otherLocale, switchLocalePath } from "@/lib/i18n/config";
import { getDictionary, pluralRu } from "@/lib/i18n/dictionaries";

describe("matchAcceptLanguage", () => {
  it("picks the highest-weighted supported language", () => {
    expect(matchAcceptLanguage("en-US,en;q=0.9,ru;q=0.8")).toBe("en");
    expect(matchAcceptLanguage("de-DE,de;q=0.9,ru;q=0.8,en;q=0.7")).toBe("ru");
    expect(matchAcceptLanguage("ru;q=0.5, en;q=0.6")).toBe("en");
  });
  it("keeps header order between equal weights", () => {
    expect(matchAcceptLanguage("ru, en")).toBe("ru");
    expect(matchAcceptLanguage("en, ru")).toBe("en");
  });
  it("ignores q=0, unknown languages and garbage", () => {
    expect(matchAcceptLanguage("en;q=0, de")).toBeNull();
    expect(matchAcceptLanguage("fr-FR")).toBeNull();
    expect(matchAcceptLanguage(";;;,,q=")).toBeNull();
    expect(matchAcceptLanguage(null)).toBeNull();
  });
});

describe("switchLocalePath", () => {
  it("replaces the locale segment and keeps the rest", () => {
    expect(switchLocalePath("/ru/lessons/etcd", "en")).toBe("/en/lessons/etcd");
    expect(switchLocalePath("/en", "ru")).toBe("/ru");
  });
  it("adds a locale to paths without one", () => {
    expect(switchLocalePath("/", "en")).toBe("/en");
    expect(switchLocalePath("/lessons/etcd", "ru")).toBe("/ru/lessons/etcd");
  });
});

describe("locales", () => {
  it("recognises only supported locales", () => {
    expect(isLocale("ru")).toBe(true);
    expect(isLocale("en")).toBe(true);
    expect(isLocale("de")).toBe(false);
    expect(isLocale(undefined)).toBe(false);
    expect(otherLocale("ru")).toBe("en");
  });
});

describe("pluralRu", () => {
  it.each([
    [1, "минуту"],
    [2, "минуты"],
    [4, "минуты"],
    [5, "минут"],
    [11, "минут"],
    [12, "минут"],
    [14, "минут"],
    [21, "минуту"],
    [22, "минуты"],
    [111, "минут"],
  ])("%i → %s", (n, word) => {
    expect(pluralRu(n, "минуту", "минуты", "минут")).toBe(word);
  });
});

describe("dictionaries", () => {
  it("have the same keys in both languages", () => {
    const keys = (value: unknown, prefix = ""): string[] =>
      value && typeof value === "object" && !Array.isArray(value)
        ? Object.entries(value).flatMap(([k, v]) => keys(v, `${prefix}${k}.`))
        : [prefix];
    expect(keys(getDictionary("ru")).sort()).toEqual(keys(getDictionary("en")).sort());
  });
});
