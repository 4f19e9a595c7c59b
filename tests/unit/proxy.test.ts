import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

const request = (path: string, headers: Record<string, string> = {}) =>
  new NextRequest(new URL(path, "http://localhost:3000"), { headers });

describe("proxy", () => {
  it("redirects a path without a locale to the remembered, then the browser's, then Russian", () => {
    expect(proxy(request("/lessons/etcd", { cookie: "lang=en" })).headers.get("location")).toBe("http://localhost:3000/en/lessons/etcd");
    expect(proxy(request("/", { "accept-language": "en-US,en;q=0.9" })).headers.get("location")).toBe("http://localhost:3000/en");
    expect(proxy(request("/?x=1")).headers.get("location")).toBe("http://localhost:3000/ru?x=1");
  });

  it("remembers the locale of a page the reader opens", () => {
    expect(proxy(request("/en/lessons/etcd", { cookie: "lang=ru" })).cookies.get("lang")?.value).toBe("en");
  });

  it("does not let a late prefetch or RSC fetch switch the remembered language back", () => {
    expect(proxy(request("/en/lessons/etcd", { cookie: "lang=ru", rsc: "1" })).cookies.get("lang")).toBeUndefined();
    expect(proxy(request("/en", { cookie: "lang=ru", "next-router-prefetch": "1" })).cookies.get("lang")).toBeUndefined();
  });
});
