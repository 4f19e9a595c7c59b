"use client";

import { useState } from "react";
import type { Locale } from "@/lib/i18n/config";

/** next-auth's client is loaded only when someone signs out, keeping it off every page's first load. */
export function SignOutButton({ locale, label }: { locale: Locale; label: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="button button-ghost"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        const { signOut } = await import("next-auth/react");
        await signOut({ callbackUrl: `/${locale}` });
      }}
    >
      {label}
    </button>
  );
}
