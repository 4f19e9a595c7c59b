import type { Locale } from "./config";

// Kept apart from the dictionaries: the error boundary is a client component on every
// page, and importing the whole dictionary there would ship it to every browser.
export const errorMessages: Record<Locale, { title: string; text: string; retry: string }> = {
  en: { title: "Something went wrong", text: "The page could not be shown. Try again.", retry: "Try again" },
  ru: { title: "Что-то пошло не так", text: "Не удалось показать страницу. Попробуйте ещё раз.", retry: "Повторить" },
};
