import { notFound } from "next/navigation";

// Any unknown path under a locale renders the localized not-found page inside the
// site's layout (header, language, theme) instead of Next.js's bare default.
export default function UnknownPage(): never {
  notFound();
}
